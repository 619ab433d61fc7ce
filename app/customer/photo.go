package customer

import (
	"net/http"
	"slices"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
)

// Photo limits: phones take 3–8 MB pictures; 10 MB leaves room.
const (
	maxPhotoBytes = 10 << 20
	maxPhotos     = 9
)

// photoTypes are the image types accepted, by sniffed content (never by
// the file name or the browser's claim).
var photoTypes = []string{"image/jpeg", "image/png", "image/webp", "image/gif"}

// AddPhoto checks and stores one photo for a follow-up and returns its
// SHA-256, which the follow-up then lists.
func (s *Service) AddPhoto(p *access.Principal, data []byte) (string, error) {
	if err := p.RequireAny(access.Rep, access.Manager, access.Director, access.Presales); err != nil {
		return "", err
	}
	var v problem.Validation
	switch {
	case len(data) == 0:
		v.Add("photo", "followup.error.photo_empty")
	case len(data) > maxPhotoBytes:
		v.Add("photo", "followup.error.photo_too_large", maxPhotoBytes>>20)
	case !slices.Contains(photoTypes, http.DetectContentType(data)):
		v.Add("photo", "followup.error.photo_type")
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	if s.files == nil {
		return "", problem.New(problem.KindBadRequest, "followup.error.photo_unavailable")
	}
	return s.files.Put(data)
}
