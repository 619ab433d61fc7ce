// Package embedui holds the web UI compiled into the binary: page templates
// (one layout, partials, one file per page), static assets (our CSS and JS,
// the icon sprite and vendored htmx and ECharts with their licences) and the
// locale catalogs (zh-CN and en, kept complete by a test).
//
// It must not import any Frontline package.
package embedui

import "embed"

// Templates holds layout.html, partials/*.html and pages/*.html.
//
//go:embed templates
var Templates embed.FS

// Static holds the files served under /assets/.
//
//go:embed static
var Static embed.FS

// Locales holds one flat JSON catalog per language, e.g. zh-CN.json.
//
//go:embed locales
var Locales embed.FS
