// Package server assembles Frontline: it opens and locks the data
// directory, opens the database and runs migrations, builds the services,
// and runs the HTTP server and the scheduler until told to stop. The CLI
// uses Open for commands that work on a data directory directly.
//
// Domain packages must not import this package.
package server
