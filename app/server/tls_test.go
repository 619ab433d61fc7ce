package server

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/config"
)

func TestCheckTransport(t *testing.T) {
	cases := []struct {
		name    string
		flags   map[string]string
		wantErr string
	}{
		{"loopback v4", map[string]string{"server.addr": "127.0.0.1:8080"}, ""},
		{"loopback v6", map[string]string{"server.addr": "[::1]:8080"}, ""},
		{"localhost", map[string]string{"server.addr": "localhost:8080"}, ""},
		{"all interfaces", map[string]string{"server.addr": "0.0.0.0:8080"}, "refusing plain HTTP"},
		{"empty host", map[string]string{"server.addr": ":8080"}, "refusing plain HTTP"},
		{"LAN with insecure flag", map[string]string{"server.addr": "0.0.0.0:8080", "server.insecure_http": "true"}, ""},
		{"cert without key", map[string]string{"server.tls_cert": "/x.pem"}, "both"},
		{"missing files", map[string]string{"server.tls_cert": "/nope.pem", "server.tls_key": "/nope.key"}, "load TLS"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Load(config.Sources{Env: func(string) (string, bool) { return "", false }, Flags: tc.flags})
			if err != nil {
				t.Fatal(err)
			}
			_, err = CheckTransport(cfg)
			if tc.wantErr == "" && err != nil {
				t.Errorf("got %v, want accepted", err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("got %v, want error containing %q", err, tc.wantErr)
			}
		})
	}
}

// TestCheckTransportLoadsCertificate proves a certificate and key named in
// the config turn on HTTPS, on any address.
func TestCheckTransportLoadsCertificate(t *testing.T) {
	certFile, keyFile := writeSelfSigned(t)
	cfg, err := config.Load(config.Sources{Env: func(string) (string, bool) { return "", false },
		Flags: map[string]string{"server.addr": "0.0.0.0:8443", "server.tls_cert": certFile, "server.tls_key": keyFile}})
	if err != nil {
		t.Fatal(err)
	}
	w, err := CheckTransport(cfg)
	if err != nil {
		t.Fatalf("CheckTransport: %v", err)
	}
	if w.TLS == nil || len(w.TLS.Certificates) != 1 || w.TLS.MinVersion != tls.VersionTLS12 {
		t.Errorf("TLS config = %+v, want one certificate and TLS 1.2+", w.TLS)
	}
}

func writeSelfSigned(t *testing.T) (string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "frontline.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"frontline.test"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	return certFile, keyFile
}
