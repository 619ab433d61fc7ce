// Package customer holds customer activity, the heart of Frontline:
// customers and their contacts, follow-ups (跟进记录) with talk tags and
// keyword tags, the one status of each customer with its history, and the
// settings behind them (statuses, tags, keywords).
//
// Visibility follows access.Principal with one addition, the pool: a
// customer without an owner lies in its region's pool, visible to the reps
// of that region. Every method takes the acting principal and checks it;
// a record outside the caller's scope is reported as not found.
//
// It must not import app/web or any HTTP package.
package customer
