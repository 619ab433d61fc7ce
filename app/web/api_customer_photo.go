package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/filestore"
	"github.com/frontline-crm/frontline/app/problem"
)

// apiPhotoUpload stores one follow-up photo, sent as the multipart form
// field "photo" or as the body itself with an image content type. The
// answer is its SHA-256, which a follow-up's photos then list. What the
// bytes are is decided by sniffing them, never by the declared type.
func (s *Server) apiPhotoUpload(c *fiber.Ctx) error {
	data, err := uploadedPhoto(c)
	if err != nil {
		return err
	}
	sum, err := s.Customers.AddPhoto(current(c).Principal, data)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"sha256": sum})
}

func uploadedPhoto(c *fiber.Ctx) ([]byte, error) {
	body, err := plainBody(c) // refuses compressed bodies, multipart ones too
	if err != nil {
		return nil, err
	}
	ctype := strings.ToLower(c.Get(fiber.HeaderContentType))
	if strings.HasPrefix(ctype, fiber.MIMEMultipartForm) {
		return formPhoto(c)
	}
	if !strings.HasPrefix(ctype, "image/") {
		return nil, photoProblem("followup.error.photo_type")
	}
	return body, nil
}

func formPhoto(c *fiber.Ctx) ([]byte, error) {
	fh, err := c.FormFile("photo")
	if err != nil {
		return nil, photoProblem("followup.error.photo_missing")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("web: open uploaded photo: %w", err)
	}
	defer func() { _ = f.Close() }() // read-only: a close error changes nothing
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("web: read uploaded photo: %w", err)
	}
	return data, nil
}

func photoProblem(key string) error {
	var v problem.Validation
	v.Add("photo", key)
	return v.Err()
}

// apiPhotoGet serves a stored photo to whoever may see a follow-up that
// lists it, named by ?followup=<id>. Asking for the follow-up keeps the
// check to one record read, and keeps other files of the store (contract
// documents, later) out of reach of this route.
func (s *Server) apiPhotoGet(c *fiber.Ctx) error {
	sum := c.Params("sum")
	if c.Query("followup") == "" {
		var v problem.Validation
		v.Add("followup", "followup.error.photo_followup_required")
		return v.Err()
	}
	f, err := s.Customers.GetFollowUp(current(c).Principal, c.Query("followup"))
	if err != nil {
		return err
	}
	if !slices.Contains(f.Photos, sum) {
		return problem.NotFound()
	}
	file, err := s.Files.Open(sum)
	if errors.Is(err, filestore.ErrNotFound) {
		return problem.NotFound()
	}
	if err != nil {
		return fmt.Errorf("web: open photo %s: %w", sum, err)
	}
	return sendPhoto(c, file)
}

// sendPhoto streams a stored photo with its sniffed type; the response
// closes file once it is sent. The bytes never change (the name is their
// digest), so browsers may keep them, privately.
func sendPhoto(c *fiber.Ctx, file io.ReadSeekCloser) error {
	ctype, size, err := photoHead(file)
	if err != nil {
		_ = file.Close() // read-only: a close error changes nothing
		return err
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderCacheControl, "private, max-age=31536000, immutable")
	return c.SendStream(file, int(size))
}

// photoHead sniffs a photo's type and measures it, leaving file at its
// start. Anything but an image is served as bytes to download.
func photoHead(file io.ReadSeeker) (ctype string, size int64, err error) {
	head := make([]byte, 512)
	n, err := io.ReadFull(file, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", 0, fmt.Errorf("web: read photo: %w", err)
	}
	if size, err = file.Seek(0, io.SeekEnd); err == nil {
		_, err = file.Seek(0, io.SeekStart)
	}
	if err != nil {
		return "", 0, fmt.Errorf("web: seek photo: %w", err)
	}
	ctype = http.DetectContentType(head[:n])
	if !strings.HasPrefix(ctype, "image/") {
		ctype = fiber.MIMEOctetStream
	}
	return ctype, size, nil
}
