package main

import (
	"fmt"
	"net"
)

// freeAddr returns a 127.0.0.1 address with a port nobody listens on right
// now. Another process could take it before the child binds it; on this
// benchmark machine that race is harmless and a failed start says so.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", fmt.Errorf("free port %s: %w", addr, err)
	}
	return addr, nil
}
