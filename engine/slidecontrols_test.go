package engine

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/styles"
)

// data.transition and data.text_position are checked with 7403 errors
// that name the asset by its index and list the allowed values.
func TestValidateSlideControls(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		index int
		data  AssetData
		want  []string // substrings of the message; nil: valid
	}{
		{"every transition", 0, AssetData{Transition: styles.PushLeft, TextPosition: styles.VAlignTop}, nil},
		{"text slide transition", 1, AssetData{Title: "Day one", Transition: styles.Wipe}, nil},
		{"unknown transition", 0, AssetData{Transition: "spin"},
			[]string{"assets[0]", `transition "spin"`, "crossfade, push-left, push-right, push-up, push-down, zoom-through, wipe, dip-to-colour"}},
		{"unknown position", 0, AssetData{TextPosition: "left"},
			[]string{"assets[0]", `text_position "left"`, "top, middle or bottom"}},
		{"position on a text slide", 1, AssetData{Title: "Day one", TextPosition: styles.VAlignTop},
			[]string{"assets[1]", "only image and video captions"}},
		{"transition on music", 2, AssetData{Transition: styles.Crossfade},
			[]string{"assets[2]", "only image, video and text slides"}},
	}
	for _, c := range cases {
		p := validProject()
		p.Assets[c.index].Data = c.data
		_, err := Validate(context.Background(), p, nil, Options{})
		if c.want == nil {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		var se *StatusError
		if !errors.As(err, &se) || se.Code != CodeInsufficientAssets {
			t.Errorf("%s: error %v, want a 7403 StatusError", c.name, err)
			continue
		}
		var ae *AssetError
		if !errors.As(err, &ae) || ae.Index != c.index {
			t.Errorf("%s: error %v does not carry asset %d", c.name, err, c.index)
		}
		for _, w := range c.want {
			if !strings.Contains(se.Message, w) {
				t.Errorf("%s: message %q lacks %q", c.name, se.Message, w)
			}
		}
	}
}

// The two fields read from and write back to data.transition and
// data.text_position, beside the other data fields.
func TestSlideControlsJSONRoundTrip(t *testing.T) {
	t.Parallel()
	in := `{"name":"image","asset_id":"a.jpg","start_time":0,"end_time":0,"data":{"caption":"x","transition":"push-left","text_position":"top"}}`
	var a Asset
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if a.Data.Transition != styles.PushLeft || a.Data.TextPosition != styles.VAlignTop {
		t.Fatalf("read %+v", a.Data)
	}
	out, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("wrote\n%s\nwant\n%s", out, in)
	}
}

// The plan hands each slide's choices to compose; a text slide with its
// own transition is not settled (no card-to-card dissolve).
func TestComposeSlidesCarryControls(t *testing.T) {
	t.Parallel()
	p := validProject()
	p.Assets = []Asset{
		{Kind: KindImage, AssetID: "a.jpg", Data: AssetData{Caption: "hello", Transition: styles.PushUp, TextPosition: styles.VAlignMiddle}},
		{Kind: KindText, Data: AssetData{Title: "A"}},
		{Kind: KindText, Data: AssetData{Title: "B", Transition: styles.Wipe}},
		{Kind: KindText, Data: AssetData{Title: "C"}},
	}
	pl, err := Validate(context.Background(), p, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs := composeSlides(pl)
	byTitle := map[string]*compose.Slide{}
	for _, s := range cs {
		byTitle[s.Title+s.Caption] = s
	}
	if s := byTitle["hello"]; s.Transition != styles.PushUp || s.TextPosition != styles.VAlignMiddle {
		t.Errorf("photo slide: transition %q, position %q", s.Transition, s.TextPosition)
	}
	if s := byTitle["B"]; s.Transition != styles.Wipe || s.Settled {
		t.Errorf("text slide B: transition %q, settled %v; want wipe, not settled", s.Transition, s.Settled)
	}
	if s := byTitle["C"]; s.Transition != "" || !s.Settled {
		t.Errorf("text slide C: transition %q, settled %v; want the style's, settled", s.Transition, s.Settled)
	}
}
