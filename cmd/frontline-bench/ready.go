package main

import (
	"fmt"
	"net/http"
	"time"
)

// readyTimeout bounds how long a child may take to answer its ready URL.
const readyTimeout = 30 * time.Second

// pollEvery is the gap between readiness probes. It bounds the error of a
// cold-start measurement.
const pollEvery = 2 * time.Millisecond

// waitReady polls url until it answers 200, the child exits or
// readyTimeout passes, and returns when it first answered 200.
func waitReady(c *child, url string) (time.Time, error) {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(readyTimeout)
	for time.Now().Before(deadline) {
		if c.exited() {
			return time.Time{}, fmt.Errorf("%s exited before it was ready:\n%s", c.name, c.logTail())
		}
		if probe(client, url) {
			return time.Now(), nil
		}
		time.Sleep(pollEvery)
	}
	return time.Time{}, fmt.Errorf("%s not ready after %s:\n%s", c.name, readyTimeout, c.logTail())
}

func probe(client *http.Client, url string) bool {
	resp, err := client.Get(url)
	if err != nil {
		return false
	}
	_ = resp.Body.Close() // a failed close of a probe changes nothing
	return resp.StatusCode == http.StatusOK
}
