package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

// videoUpdate is a parsed partial update; nil fields are left alone.
type videoUpdate struct {
	Name    *string
	Style   *string
	Quality *int
	Aspect  *string
	Assets  []engine.Asset
	Credit  []engine.Credit
	hasA    bool
	hasC    bool
}

const (
	maxAssets  = 500
	maxCredits = 100
	maxNameLen = 200
	maxTextLen = 2000
)

// parseVideoUpdate reads name, style, quality, assets and credit from
// params. assets and credit may be JSON documents or JSON strings; quality
// 720 or "720"; captions in data.caption or data.text. An absent field is
// unchanged, and so is null or an empty (or blank) string for name,
// style, quality and credit, in a form and in JSON alike: `-d name=` and
// {"name": ""} leave the name as it is, like {"name": null}. assets null
// (what Picovico's SDK sends for a project without assets) clears the
// assets; credit [] clears the credits. quality 0 is refused (it is not
// a Picovico quality). See the package documentation.
func parseVideoUpdate(p httpx.Params) (*videoUpdate, error) {
	var u videoUpdate
	if name, ok, err := p.Str("name"); err != nil {
		return nil, err
	} else if name = strings.TrimSpace(name); ok && name != "" {
		if utf8.RuneCountInString(name) > maxNameLen {
			return nil, httpx.FieldError("name", fmt.Sprintf("longer than %d characters", maxNameLen))
		}
		u.Name = &name
	}
	if style, ok, err := p.Str("style"); err != nil {
		return nil, err
	} else if style = strings.TrimSpace(style); ok && style != "" {
		u.Style = &style
	}
	if q, ok, err := p.Integer("quality"); err != nil {
		return nil, err
	} else if ok && !p.Blank("quality") {
		if q != 360 && q != 480 && q != 720 && q != 1080 {
			return nil, httpx.FieldError("quality", "must be 360, 480, 720 or 1080")
		}
		u.Quality = &q
	}
	if a, ok, err := p.Str("aspect"); err != nil {
		return nil, err
	} else if a = strings.TrimSpace(a); ok && a != "" {
		if _, err := engine.ParseAspect(a); err != nil {
			return nil, httpx.FieldError("aspect", "must be 16:9, 9:16, 1:1 or 4:5")
		}
		u.Aspect = &a
	}
	if doc, ok, err := p.Document("assets"); err != nil {
		return nil, err
	} else if ok {
		assets, err := decodeAssets(doc)
		if err != nil {
			return nil, err
		}
		assets, err = normalizeAssets(assets)
		if err != nil {
			return nil, err
		}
		u.Assets, u.hasA = assets, true
	}
	if doc, ok, err := p.Document("credit"); err != nil {
		return nil, err
	} else if ok && string(doc) != "null" {
		credit, err := decodeCredit(doc)
		if err != nil {
			return nil, err
		}
		if len(credit) > maxCredits {
			return nil, httpx.FieldError("credit", fmt.Sprintf("more than %d rows", maxCredits))
		}
		for _, c := range credit {
			if utf8.RuneCountInString(c.Role)+utf8.RuneCountInString(c.Name) > maxTextLen {
				return nil, httpx.FieldError("credit", "row too long")
			}
		}
		u.Credit, u.hasC = credit, true
	}
	return &u, nil
}

// normalizeAssets checks kinds and sizes and stores captions in data.text,
// the seed's shape.
func normalizeAssets(in []engine.Asset) ([]engine.Asset, error) {
	if len(in) > maxAssets {
		return nil, httpx.FieldError("assets", fmt.Sprintf("more than %d assets", maxAssets))
	}
	out := make([]engine.Asset, 0, len(in))
	for i, a := range in {
		switch a.Kind {
		case engine.KindImage:
			a.Data.Text, a.Data.Caption = a.Data.CaptionText(), ""
		case engine.KindText:
		case engine.KindMusic:
			if d := a.Data.TrimStart; d < 0 {
				return nil, httpx.FieldError(fmt.Sprintf("assets[%d].data.trim_start", i), fmt.Sprintf("must be seconds >= 0 (the time into the track where it starts), not %v", d.Seconds()))
			}
		case engine.KindLogo:
			if err := checkLogoAsset(i, a); err != nil {
				return nil, err
			}
		case kindVideo:
			if err := checkVideoAsset(i, a); err != nil {
				return nil, err
			}
			a.Data.Text, a.Data.Caption = a.Data.CaptionText(), ""
		default:
			return nil, httpx.FieldError(fmt.Sprintf("assets[%d].name", i), fmt.Sprintf("must be image, video, text, music or logo, not %q", a.Kind))
		}
		if err := checkSlideControls(i, a); err != nil {
			return nil, err
		}
		if a.URL != "" {
			return nil, httpx.FieldError(fmt.Sprintf("assets[%d].url", i), "url assets are not supported: import the file first (POST /me/photos url=...) and use its asset_id")
		}
		if len(a.AssetID) > 100 || utf8.RuneCountInString(a.Data.Text)+utf8.RuneCountInString(a.Data.Title) > maxTextLen {
			return nil, httpx.FieldError(fmt.Sprintf("assets[%d]", i), "too long")
		}
		out = append(out, a)
	}
	return out, nil
}

// apply checks referenced ids against the user's photos, musics and
// clips and applies the update to v.
func (s *Server) apply(r *http.Request, v *model.Video, u *videoUpdate) error {
	if u.Style != nil && *u.Style != "" {
		if _, ok := s.styles.Lookup(*u.Style); !ok {
			// Picovico's code for a style it does not know, at update
			// time as at render time.
			return &httpx.Error{Status: http.StatusBadRequest, Code: engine.CodeStyleNotDefined,
				Message: fmt.Sprintf("style: unknown style %q (GET /styles lists them)", *u.Style)}
		}
	}
	if u.hasA {
		for i, a := range u.Assets {
			if a.AssetID == "" {
				continue
			}
			var err error
			switch a.Kind {
			case engine.KindImage, engine.KindLogo:
				_, err = s.store.Photo(r.Context(), v.UserID, a.AssetID)
			case engine.KindMusic:
				_, m, ok := s.library.Open(a.AssetID)
				if !ok {
					m, err = s.store.Music(r.Context(), v.UserID, a.AssetID)
				}
				if err == nil {
					if err := checkMusicTrim(i, a, m); err != nil {
						return err
					}
				}
			case kindVideo:
				var c *model.Clip
				if c, err = s.store.Clip(r.Context(), v.UserID, a.AssetID); err == nil {
					if err := checkClipTrim(i, a, c); err != nil {
						return err
					}
				}
			}
			if errors.Is(err, model.ErrNotFound) {
				return httpx.FieldError(fmt.Sprintf("assets[%d].asset_id", i), fmt.Sprintf("%s %q not found", a.Kind, a.AssetID))
			}
			if err != nil {
				return err
			}
		}
		v.Assets = u.Assets
	}
	if u.Name != nil {
		v.Name = *u.Name
	}
	if u.Style != nil {
		v.Style = *u.Style
	}
	if u.Quality != nil {
		v.Quality = *u.Quality
	}
	if u.Aspect != nil {
		v.Aspect = *u.Aspect
	}
	if u.hasC {
		v.Credit = u.Credit
	}
	v.ModifiedOn = s.now()
	return nil
}
