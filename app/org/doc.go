// Package org holds the organisation: the region tree (华东 → 浙江 → 杭州)
// and the users with their roles and regions. It builds the access.Principal
// a request acts as, with the region subtree a manager's scope covers.
//
// Every method takes the acting principal and checks it: admins write,
// admins and directors read everything, managers read the users of their
// regions, everyone reads the region tree and themselves.
//
// It must not import app/web or any HTTP package.
package org
