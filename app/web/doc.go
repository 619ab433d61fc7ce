// Package web is the HTTP layer: the Fiber app, every route (listed in
// routes.go), the pages rendered from embedui templates, the JSON API under
// /api/v1, authentication and CSRF middleware, problem+json errors, health
// and metrics. Handlers are thin: they parse input, call a service with the
// request's principal and render the result. Rules and permission checks
// live in the services.
//
// Domain packages must not import this package.
package web
