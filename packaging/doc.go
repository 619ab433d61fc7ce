// Package packaging holds the files that install Frontline on a server,
// embedded so that the single binary can write them: the systemd unit
// template used by `frontline service install`. The .deb and .rpm recipes
// and the install guide (README.md) live beside it.
//
// It must not import any Frontline package: it is data, read by others.
package packaging
