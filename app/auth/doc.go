// Package auth holds how people and programs prove who they are: local
// password login with rate limiting, server-side sessions with idle and
// absolute timeouts and a CSRF token each, personal access tokens stored
// hashed, and the one-time setup link that creates the first admin.
// Security events (logins, logouts, token changes) go to the event log,
// which the audit log reads.
//
// It must not import app/web or any HTTP package.
package auth
