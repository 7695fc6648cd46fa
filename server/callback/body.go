package callback

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/reelkit/reel/server/model"
)

// Links names the public URLs a callback points at.
type Links interface {
	// Video is the download URL of v's rendition of quality q (144: the
	// preview).
	Video(v *model.Video, q int) string
	// Thumbnail is the URL of the JPEG thumbnail of v's rendition q.
	Thumbnail(v *model.Video, q int) string
}

// Message is Picovico's callback JSON, as Body builds it and a receiver
// decodes it.
type Message struct {
	Type    string `json:"type"`
	Created int64  `json:"created"`
	Status  int    `json:"status"`
	Data    Data   `json:"data"`
}

// Data is what a Message reports.
type Data struct {
	Object Object `json:"object"`
	Meta   Meta   `json:"meta"`
}

// Object is the video a Message is about and its files.
type Object struct {
	ID    string      `json:"id"`
	Video []Rendition `json:"video"`
}

// Rendition is one file of the video.
type Rendition struct {
	Quality   int        `json:"quality"`
	URL       string     `json:"url"`
	Size      int64      `json:"size"`
	Thumbnail *Thumbnail `json:"thumbnail,omitempty"`
}

// Thumbnail is a rendition's JPEG thumbnail.
type Thumbnail struct {
	URL  string `json:"url"`
	Size int64  `json:"size"`
}

// Meta says what happened, for whom.
type Meta struct {
	Msg   string `json:"msg"`
	AppID string `json:"app_id"`
}

// Body is the callback JSON for a finished job of kind (model.JobRender
// or model.JobPreview) on v, sent to app appID at now: a success when
// failure is "", listing every rendition (or the preview) with its URL,
// size and thumbnail; otherwise the failure with its reason.
func Body(v *model.Video, kind, failure, appID string, now time.Time, links Links) ([]byte, error) {
	typ, status, msg := "video.created", 200, "Video successfully created"
	if kind == model.JobPreview {
		typ, msg = "video.preview.created", "Preview successfully created"
	}
	if failure != "" {
		typ, status, msg = "video.failed", 500, failure
		if kind == model.JobPreview {
			typ = "video.preview.failed"
		}
	}
	b := Message{Type: typ, Created: now.Unix(), Status: status,
		Data: Data{Object: Object{ID: v.ID, Video: []Rendition{}}, Meta: Meta{Msg: msg, AppID: appID}}}
	if failure == "" {
		add := func(q int, rd model.Rendition, withThumb bool) {
			cv := Rendition{Quality: q, URL: links.Video(v, q), Size: rd.Size}
			if withThumb && rd.ThumbBlob != "" {
				cv.Thumbnail = &Thumbnail{URL: links.Thumbnail(v, q), Size: rd.ThumbSize}
			}
			b.Data.Object.Video = append(b.Data.Object.Video, cv)
		}
		if kind == model.JobPreview && v.Preview != nil {
			add(144, *v.Preview, false)
		} else {
			qs := make([]int, 0, len(v.Renditions))
			for q := range v.Renditions {
				qs = append(qs, q)
			}
			sort.Ints(qs)
			for _, q := range qs {
				add(q, v.Renditions[q], true)
			}
		}
	}
	return json.Marshal(b)
}
