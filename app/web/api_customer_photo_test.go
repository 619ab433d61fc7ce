package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/i18n"
)

// pngImage is a small real PNG, different for each size.
func pngImage(t *testing.T, size int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegImage(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// padded is data followed by zeros up to size bytes: it still sniffs as
// data's type.
func padded(data []byte, size int) []byte {
	out := make([]byte, size)
	copy(out, data)
	return out
}

// multipartBody puts data in a form file field; it returns the body and
// its content type.
func multipartBody(t *testing.T, field, filename string, data []byte) (string, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	part, err := w.CreateFormFile(field, filename)
	if err == nil {
		_, err = part.Write(data)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), w.FormDataContentType()
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// upload sends data as the account, as a form field or as the raw body.
func (e *activityEnv) upload(t *testing.T, as string, data []byte, form bool) *response {
	t.Helper()
	body, ctype := string(data), http.DetectContentType(data)
	if form {
		body, ctype = multipartBody(t, "photo", "IMG_0001.jpg", data)
	}
	return e.run(t, scenario{method: http.MethodPost, path: "/api/v1/photos", as: as, body: body,
		header: map[string]string{"Content-Type": ctype}})
}

// TestCustomerAPIPhotos uploads photos, attaches them to a follow-up and
// serves them to those who may see the follow-up.
func TestCustomerAPIPhotos(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州照片客户"})
	pic, jpg := pngImage(t, 2), jpegImage(t)

	sums := map[string]string{}
	for name, tc := range map[string]struct {
		data []byte
		form bool
	}{"form png": {pic, true}, "raw jpeg": {jpg, false}, "raw png again": {pic, false}} {
		r := e.upload(t, "rep", tc.data, tc.form)
		var out struct {
			SHA256 string `json:"sha256"`
		}
		if r.status != http.StatusCreated {
			t.Fatalf("%s: status %d, want 201; body %s", name, r.status, clip(r.body))
		}
		r.decode(t, &out)
		if out.SHA256 != digest(tc.data) || !e.files.Has(out.SHA256) {
			t.Errorf("%s: sha256 = %q, want %q and stored", name, out.SHA256, digest(tc.data))
		}
		sums[name] = out.SHA256
	}

	var f followUpOut
	e.run(t, scenario{method: http.MethodPost, path: "/api/v1/followups", as: "rep", status: http.StatusCreated,
		body: map[string]any{"customer_id": c.ID, "kind": "visit",
			"photos": []string{sums["form png"], sums["raw jpeg"]}}}).decode(t, &f)
	if len(f.Photos) != 2 {
		t.Fatalf("photos = %v, want both", f.Photos)
	}
	bare := e.seedFollowUp("rep", c.ID, "没有照片")

	t.Run("served to who may see the follow-up", func(t *testing.T) {
		for _, tc := range []struct {
			as, sum, followUp string
			status            int
			ctype             string
			data              []byte
		}{
			{"rep", sums["form png"], f.ID, http.StatusOK, "image/png", pic},
			{"rep", sums["raw jpeg"], f.ID, http.StatusOK, "image/jpeg", jpg},
			{"manager", sums["form png"], f.ID, http.StatusOK, "image/png", pic},
			{"legal", sums["raw jpeg"], f.ID, http.StatusOK, "image/jpeg", jpg},
			{"rep3", sums["form png"], f.ID, http.StatusNotFound, "", nil},
			{"rep2", sums["form png"], f.ID, http.StatusNotFound, "", nil},
			{"warehouse", sums["form png"], f.ID, http.StatusNotFound, "", nil},
			{"rep", sums["form png"], bare.ID, http.StatusNotFound, "", nil},
			{"rep", sums["form png"], "nope", http.StatusNotFound, "", nil},
			{"rep", strings.Repeat("0", 64), f.ID, http.StatusNotFound, "", nil},
		} {
			path := "/api/v1/photos/" + tc.sum + "?followup=" + tc.followUp
			r := e.run(t, scenario{method: http.MethodGet, path: path, as: tc.as, status: tc.status})
			if tc.status != http.StatusOK {
				checkProblem(t, r, tc.status)
				continue
			}
			if ct := r.header.Get("Content-Type"); ct != tc.ctype {
				t.Errorf("%s: Content-Type = %q, want %q", tc.as, ct, tc.ctype)
			}
			if cc := r.header.Get("Cache-Control"); !strings.HasPrefix(cc, "private") {
				t.Errorf("Cache-Control = %q, want private", cc)
			}
			if r.body != string(tc.data) {
				t.Errorf("%s: body of %d bytes, want the %d uploaded", tc.as, len(r.body), len(tc.data))
			}
		}
	})

	t.Run("refused uploads", func(t *testing.T) {
		pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
		text := []byte("这不是图片，只是一段文字。\n")
		formText, formTextType := multipartBody(t, "photo", "photo.png", text)
		formPDF, formPDFType := multipartBody(t, "photo", "scan.jpg", pdf)
		noField, noFieldType := multipartBody(t, "file", "a.png", pic)
		large, largeType := multipartBody(t, "photo", "big.png", padded(pic, 10<<20+1))
		for _, tc := range []struct {
			name, body, ctype, key string
		}{
			{"a text file in the form", formText, formTextType, "followup.error.photo_type"},
			{"a PDF in the form", formPDF, formPDFType, "followup.error.photo_type"},
			{"a PDF sent as an image", string(pdf), "image/jpeg", "followup.error.photo_type"},
			{"a text body", string(text), "text/plain", "followup.error.photo_type"},
			{"a JSON body", `{"photo": "x"}`, "application/json", "followup.error.photo_type"},
			{"no photo field", noField, noFieldType, "followup.error.photo_missing"},
			{"an empty image", "", "image/png", "followup.error.photo_empty"},
			{"over 10 MiB in the form", large, largeType, "followup.error.photo_too_large"},
			{"over 10 MiB raw", string(padded(pic, 10<<20+1)), "image/png", "followup.error.photo_too_large"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := e.run(t, scenario{method: http.MethodPost, path: "/api/v1/photos", as: "rep", body: tc.body,
					header: map[string]string{"Content-Type": tc.ctype}})
				p := checkProblem(t, r, http.StatusUnprocessableEntity, "photo")
				if got := decodeProblem(t, r).code("photo"); got != tc.key {
					t.Errorf("code = %q, want %q", got, tc.key)
				}
				if !matchesKey(e.cat, i18n.ZH, tc.key, p.message("photo")) {
					t.Errorf("message = %q, want the text of %s", p.message("photo"), tc.key)
				}
			})
		}
		for _, name := range []string{"legal", "finance", "warehouse"} {
			checkProblem(t, e.upload(t, name, pngImage(t, 5), true), http.StatusForbidden)
		}
		if e.files.Has(digest(pngImage(t, 5))) {
			t.Errorf("a refused upload was stored")
		}
	})

	t.Run("over the server's body limit", func(t *testing.T) {
		req := newRequest(http.MethodPost, "/api/v1/photos", bytes.NewReader(padded(pic, 11<<20+1)))
		req.Header.Set("Authorization", "Bearer "+e.account("rep").Token)
		req.Header.Set("Content-Type", "image/png")
		checkProblem(t, serveConn(t, e.env, req), http.StatusRequestEntityTooLarge)
	})
}

// TestCustomerAPIBodyLimits checks JSON bodies stay capped at 1 MiB under
// the larger limit uploads need, and compressed bodies are refused.
func TestCustomerAPIBodyLimits(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	body := func(size int) string {
		head := `{"name": "杭州大请求", "level": "B", "region_id": "` + e.region["杭州"] + `"`
		return head + strings.Repeat(" ", size-len(head)-1) + "}"
	}
	e.run(t, scenario{method: http.MethodPost, path: "/api/v1/customers", as: "rep", body: body(1 << 20),
		status: http.StatusCreated})
	r := e.run(t, scenario{method: http.MethodPost, path: "/api/v1/customers", as: "rep", body: body(1<<20 + 1),
		header: map[string]string{"Accept-Language": "en"}})
	p := checkProblem(t, r, http.StatusRequestEntityTooLarge)
	if want := e.cat.T(i18n.EN, "problem.too_large"); p.Detail != want {
		t.Errorf("detail = %q, want %q", p.Detail, want)
	}
	r = e.run(t, scenario{method: http.MethodPatch, path: "/api/v1/customers/" + e.seedCustomer("rep",
		customer.Input{Name: "临平小请求"}).ID, as: "rep", body: body(2 << 20)})
	checkProblem(t, r, http.StatusRequestEntityTooLarge)

	for path, ctype := range map[string]string{"/api/v1/customers": "application/json",
		"/api/v1/photos": "image/png"} {
		r = e.run(t, scenario{method: http.MethodPost, path: path, as: "rep", body: "\x1f\x8b\x08\x00",
			header: map[string]string{"Content-Encoding": "gzip", "Content-Type": ctype}})
		p = checkProblem(t, r, http.StatusBadRequest)
		if want := e.cat.T(i18n.ZH, "problem.encoding_unsupported"); p.Detail != want {
			t.Errorf("%s: detail = %q, want %q", path, p.Detail, want)
		}
	}
}
