package main

import (
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Cookie names of the server (app/web).
const (
	sessionCookieName = "fl_session"
	preCSRFCookieName = "fl_precsrf"
)

// signIn posts the login form as a browser would, with the double-submit
// pre-session CSRF cookie, and keeps the session cookie the server sets.
func signIn(base string, a *actor) error {
	csrf := rand.Text()
	form := url.Values{"email": {a.email}, "password": {a.password}, "_csrf": {csrf}, "next": {"/"}}
	req, err := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	req.AddCookie(&http.Cookie{Name: preCSRFCookieName, Value: csrf})
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := noFollow.Do(req)
	if err != nil {
		return fmt.Errorf("sign in %s: %w", a.email, err)
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, resp.Body) // only the cookie matters
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookieName && c.Value != "" {
			a.session = c.Value
			return nil
		}
	}
	return fmt.Errorf("sign in %s: status %d and no session cookie", a.email, resp.StatusCode)
}
