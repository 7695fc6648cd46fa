package server

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/render"
	"github.com/reelkit/reel/styles"
)

// styleObject is Picovico's style object.
type styleObject struct {
	MachineName string           `json:"machine_name"`
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Category    string           `json:"category"`
	IsFeatured  bool             `json:"is_featured"`
	Order       int              `json:"order"`
	Thumbnail   string           `json:"thumbnail"`
	SampleURL   string           `json:"sample_url"`
	Limits      styleLimits      `json:"limits"`
	Quality     []qualityObject  `json:"quality"`
	Size        []string         `json:"size"`
	Musics      []any            `json:"musics"`
	Meta        map[string][]any `json:"meta"`
	// The rest of the seed's keys: reel has no sponsored slides, no
	// storyboard styles and no pricing plans.
	Sponsored  styleSponsored `json:"sponsored"`
	Scope      string         `json:"scope"`
	Type       string         `json:"type"`
	YoutubeURL string         `json:"youtube_url"`
	IsStory    bool           `json:"is_story"`
}

type styleSponsored struct {
	Begin []any `json:"begin"`
	End   []any `json:"end"`
}

type styleLimits struct {
	Slide styles.SlideLimits `json:"slide"`
}

type qualityObject struct {
	Res          string `json:"res"`
	Supported    bool   `json:"supported"`
	WhiteLabeled bool   `json:"white_labeled"`
	Allowed      bool   `json:"allowed"`
}

// styleSizes lists the aspects every style lays out (engine.Aspects:
// 16:9, the default, first), the values a video's "aspect" accepts.
func styleSizes() []string {
	var out []string
	for _, a := range engine.Aspects() {
		out = append(out, a.String())
	}
	return out
}

// styleQualities are the resolutions Picovico lists, largest first.
var styleQualities = []int{1080, 720, 480, 360}

func (s *Server) styleObject(r *http.Request, st *styles.Style, loggedIn bool) styleObject {
	o := styleObject{
		MachineName: st.MachineName, Name: st.Name, Description: st.Description, Category: st.Category,
		IsFeatured: st.MachineName == styles.DefaultName, Order: st.Order,
		Thumbnail: st.Thumbnail, SampleURL: st.SampleURL,
		Limits: styleLimits{Slide: st.Limits.Slide},
		Size:   styleSizes(), Musics: []any{}, Meta: map[string][]any{"related_styles": {}, "recommended_for": {}},
		Sponsored: styleSponsored{Begin: []any{}, End: []any{}}, Scope: st.Description, Type: "free",
	}
	if _, ok := s.cfg.Renderer.(render.FrameRenderer); ok && o.Thumbnail == "" {
		o.Thumbnail = s.baseURL() + "/styles/" + st.MachineName + "/thumbnail.jpg"
	}
	if s.cfg.Renderer != nil && o.SampleURL == "" {
		o.SampleURL = s.baseURL() + "/styles/" + st.MachineName + "/sample.mp4"
	}
	for _, q := range styleQualities {
		sup := len(st.Qualities) == 0 || slices.Contains(st.Qualities, q)
		o.Quality = append(o.Quality, qualityObject{Res: strconv.Itoa(q), Supported: sup, WhiteLabeled: true, Allowed: sup && loggedIn})
	}
	return o
}

// handleStyles: GET /styles and GET /me/styles, the seed's list shape
// ({"_total","data","_count","_page"}) without paging: there are few.
func (s *Server) handleStyles(w http.ResponseWriter, r *http.Request) {
	loggedIn := s.loggedIn(r)
	list := s.styles.List()
	out := make([]styleObject, 0, len(list))
	for _, st := range list {
		out = append(out, s.styleObject(r, st, loggedIn))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"_total": len(out), "_count": len(out), "_page": 1, "data": out})
}

// handleStyle: GET /styles/<machine_name>.
func (s *Server) handleStyle(w http.ResponseWriter, r *http.Request) {
	st, ok := s.styles.Lookup(r.PathValue("name"))
	if !ok {
		s.writeError(w, r, httpx.Errorf(http.StatusNotFound, "style not found"))
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"_count": 1, "data": []styleObject{s.styleObject(r, st, s.loggedIn(r))}})
}

// loggedIn reports whether r carries valid credentials, through the same
// path as the /me routes (the X-Access-Key / X-Access-Token headers, or
// the studio's session cookie); the public style routes answer without
// them, with every quality "allowed": false.
func (s *Server) loggedIn(r *http.Request) bool {
	if userFrom(r.Context()) != nil {
		return true
	}
	_, _, err := s.authenticate(r)
	return err == nil
}

// planOptions are the engine options with which the server plans a
// video without rendering it (frames, previews, style samples): its
// styles and fonts.
func (s *Server) planOptions() engine.Options {
	return engine.Options{Styles: s.styles, Fonts: s.cfg.Fonts}
}

// previewPlanOptions are planOptions for a draft's preview.
func (s *Server) previewPlanOptions() engine.Options {
	o := s.planOptions()
	o.Preview = true
	return o
}
