package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/embedui"
)

// assets serves embedui/static under /assets/<content hash>/<name>, so a
// new release never meets a stale cached file and browsers may cache each
// file for a year.
type assets struct {
	hash  map[string]string // name → first 10 hex digits of its SHA-256
	files fs.FS
}

func loadAssets() (*assets, error) {
	sub, err := fs.Sub(embedui.Static, "static")
	if err != nil {
		return nil, fmt.Errorf("web: assets: %w", err)
	}
	a := &assets{hash: map[string]string{}, files: sub}
	err = fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := fs.ReadFile(sub, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(raw)
		a.hash[name] = hex.EncodeToString(sum[:])[:10]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: assets: %w", err)
	}
	return a, nil
}

// URL is the cache-busting address of a static file.
func (a *assets) URL(name string) string {
	return "/assets/" + a.hash[name] + "/" + name
}

// serve answers /assets/:hash/*. A current hash gets a year of caching; an
// old one (a page from before an upgrade) still gets the file, uncached.
func (a *assets) serve(c *fiber.Ctx) error {
	name := c.Params("*")
	want, ok := a.hash[name]
	if !ok {
		return problem.NotFound()
	}
	raw, err := fs.ReadFile(a.files, name)
	if err != nil {
		return err
	}
	if c.Params("hash") == want {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "no-cache")
	}
	c.Set(fiber.HeaderContentType, contentType(name))
	return c.Send(raw)
}

func contentType(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return fiber.MIMEOctetStream
}
