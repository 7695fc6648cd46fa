package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

const seedProject = `{
  "name": "Holiday",
  "style": "vanilla",
  "quality": "720",
  "assets": [
    {"start_time": 0.0, "end_time": 5.0, "asset_id": "photos/01.jpg", "name": "image", "data": {"text": "some image caption"}},
    {"start_time": 5.0, "end_time": 10.0, "name": "text", "data": {"title": "heading", "text": "some subheading"}},
    {"start_time": 0.0, "end_time": 0.0, "name": "music", "asset_id": "some_music_id"}
  ],
  "credit": [["Music", "Reel Synth"], ["Photos", "Someone"]],
  "status": "initial", "id": "abc", "video": null, "thumbnail": null
}`

func TestDecodeProjectSeed(t *testing.T) {
	t.Parallel()
	p, err := DecodeProject(strings.NewReader(seedProject))
	if err != nil {
		t.Fatal(err)
	}
	want := &Project{
		Name: "Holiday", Style: "vanilla", Quality: 720,
		Assets: []Asset{
			{Kind: KindImage, AssetID: "photos/01.jpg", Start: 0, End: 5 * time.Second, Data: AssetData{Text: "some image caption"}},
			{Kind: KindText, Start: 5 * time.Second, End: 10 * time.Second, Data: AssetData{Title: "heading", Text: "some subheading"}},
			{Kind: KindMusic, AssetID: "some_music_id"},
		},
		Credit: []Credit{{"Music", "Reel Synth"}, {"Photos", "Someone"}},
	}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", p, want)
	}
	if got := p.Assets[0].Data.CaptionText(); got != "some image caption" {
		t.Errorf("caption = %q", got)
	}
	if len(p.Slides()) != 2 || len(p.Music()) != 1 {
		t.Errorf("slides %d music %d", len(p.Slides()), len(p.Music()))
	}
}

func TestProjectJSONRoundTrip(t *testing.T) {
	t.Parallel()
	p, err := DecodeProject(strings.NewReader(seedProject))
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	// The seed's types: quality a number, times numbers, credit arrays.
	var generic map[string]any
	if err := json.Unmarshal(out, &generic); err != nil {
		t.Fatal(err)
	}
	if q, ok := generic["quality"].(float64); !ok || q != 720 {
		t.Errorf("quality encoded as %#v, want the number 720", generic["quality"])
	}
	a0 := generic["assets"].([]any)[0].(map[string]any)
	if a0["end_time"] != 5.0 || a0["asset_id"] != "photos/01.jpg" || a0["name"] != "image" {
		t.Errorf("asset encoded as %v", a0)
	}
	if c := generic["credit"].([]any)[0].([]any); len(c) != 2 || c[0] != "Music" {
		t.Errorf("credit encoded as %v", c)
	}
	p2, err := DecodeProject(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, p2) {
		t.Fatalf("round trip changed the project:\n%+v\n%+v", p, p2)
	}
}

func TestDecodeLenient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		json string
		want Project
	}{
		{"quality number", `{"quality":480}`, Project{Quality: 480}},
		{"quality string", `{"quality":"360"}`, Project{Quality: 360}},
		{"quality empty string", `{"quality":""}`, Project{}},
		{"quality null", `{"quality":null}`, Project{}},
		{"times as strings", `{"assets":[{"name":"image","start_time":"1.5","end_time":"4"}]}`,
			Project{Assets: []Asset{{Kind: KindImage, Start: 1500 * time.Millisecond, End: 4 * time.Second}}}},
		{"numeric asset_id", `{"assets":[{"name":"music","asset_id":12345678901234567890}]}`,
			Project{Assets: []Asset{{Kind: KindMusic, AssetID: "12345678901234567890"}}}},
		{"id instead of asset_id", `{"assets":[{"name":"image","id":"p1","data":{"caption":"c"}}]}`,
			Project{Assets: []Asset{{Kind: KindImage, AssetID: "p1", Data: AssetData{Caption: "c"}}}}},
		{"kind case", `{"assets":[{"name":" Image "}]}`, Project{Assets: []Asset{{Kind: KindImage}}}},
		{"null title", `{"name":null,"assets":[{"name":"text","data":{"title":null,"text":"x"}}]}`,
			Project{Assets: []Asset{{Kind: KindText, Data: AssetData{Text: "x"}}}}},
		{"url", `{"assets":[{"name":"image","url":"file:///tmp/a.jpg"}]}`,
			Project{Assets: []Asset{{Kind: KindImage, URL: "file:///tmp/a.jpg"}}}},
		{"credit shapes", `{"credit":[["Music","A"],["Only"],["a","b","c"],[]]}`,
			Project{Credit: []Credit{{"Music", "A"}, {"", "Only"}, {"a", "b c"}, {}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := DecodeProject(strings.NewReader(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*p, tt.want) {
				t.Fatalf("got %+v, want %+v", *p, tt.want)
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	t.Parallel()
	for name, js := range map[string]string{
		"quality word":     `{"quality":"high"}`,
		"quality fraction": `{"quality":720.5}`,
		"quality negative": `{"quality":-1}`,
		"quality object":   `{"quality":{}}`,
		"time negative":    `{"assets":[{"name":"image","start_time":-1}]}`,
		"time huge":        `{"assets":[{"name":"image","end_time":1e300}]}`,
		"time word":        `{"assets":[{"name":"image","end_time":"soon"}]}`,
		"asset_id object":  `{"assets":[{"name":"image","asset_id":{}}]}`,
		"credit not array": `{"credit":[{"role":"x"}]}`,
		"not json":         `{"name":`,
		"array":            `[]`,
	} {
		t.Run(name, func(t *testing.T) {
			if p, err := DecodeProject(strings.NewReader(js)); err == nil {
				t.Fatalf("accepted %s as %+v", js, p)
			}
		})
	}
}

func TestDecodeTooLarge(t *testing.T) {
	t.Parallel()
	big := `{"name":"` + strings.Repeat("x", maxProjectBytes) + `"}`
	if _, err := DecodeProject(strings.NewReader(big)); err == nil {
		t.Fatal("accepted a project larger than the limit")
	}
}

func TestQualitySize(t *testing.T) {
	t.Parallel()
	for q, want := range map[Quality][2]int{144: {256, 144}, 360: {640, 360}, 480: {854, 480}, 720: {1280, 720}, 1080: {1920, 1080}} {
		w, h := q.Size()
		if w != want[0] || h != want[1] {
			t.Errorf("%d: %dx%d, want %dx%d", q, w, h, want[0], want[1])
		}
	}
}

// FuzzDecodeProject feeds arbitrary bytes to the project decoder: it must
// never panic, and whatever it accepts must survive an encode/decode round
// trip unchanged.
func FuzzDecodeProject(f *testing.F) {
	f.Add([]byte(seedProject))
	f.Add([]byte(`{"quality":"720","assets":[{"name":"image","asset_id":7,"start_time":"1"}]}`))
	f.Add([]byte(`{"credit":[["a"],["b","c","d"]],"name":null}`))
	f.Add([]byte(`{"assets":[{"name":"music","url":"file:///x.mp3","end_time":"1e9"}]}`))
	f.Add([]byte(`{"assets":[{"name":"image","data":{"transition":"push-left","text_position":"top"}},{"name":"text","data":{"transition":7}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := DecodeProject(bytes.NewReader(data))
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || !errors.Is(err, ErrInvalidProject) || se.Line < 1 || se.Column < 1 {
				t.Fatalf("error %v: want a *SyntaxError with a position", err)
			}
			if lines := bytes.Count(data, []byte("\n")) + 1; se.Line > lines {
				t.Fatalf("error %v: line %d of %d", err, se.Line, lines)
			}
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("marshal of a decoded project failed: %v", err)
		}
		p2, err := DecodeProject(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		if !reflect.DeepEqual(p, p2) {
			t.Fatalf("round trip changed the project:\n%+v\n%+v", p, p2)
		}
	})
}

// TestDecodeProjectErrorPosition: malformed projects are reported at the
// line and column of the fault, with the field path when known.
func TestDecodeProjectErrorPosition(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"{\n \"name\": \"x\",\n}", "line 3:1: invalid character '}' looking for beginning of object key string"},
		{"{\n \"name\": \"x\",\n \"quality\": \"abc\"\n}", `line 3:13: quality: "abc" is not a number`},
		{"{\n \"name\": 5\n}", "line 2:10: name: want a string, got number"},
		{"{\"name\": \"x\", \"assets\": [\n  {\"name\":\"image\"},\n  {\"name\":\"image\", \"start_time\": \"soon\"}\n]}", `line 3:3: assets[1]: start_time: "soon" is not a number`},
		{"{\n \"assets\": {}\n}", "line 2:12: assets: want an array, got object"},
		{"{\"credit\": [[\"a\", \"b\"],\n [1]]}", "line 2:2: credit[1]: want a string, got number"},
		{"", "line 1:1: unexpected end of JSON input"},
	}
	for _, tt := range tests {
		_, err := DecodeProject(strings.NewReader(tt.in))
		var se *SyntaxError
		if !errors.As(err, &se) || !errors.Is(err, ErrInvalidProject) || err.Error() != tt.want {
			t.Errorf("%q: got %v, want %q", tt.in, err, tt.want)
		}
	}
}

// TestTimesKeepTheirSecondsThroughJSON checks that times read from JSON
// as seconds (up to nine decimals) become Durations to the nanosecond
// and are written back as the same numbers, trims included, and that a
// credit row stays Picovico's two-element array.
func TestTimesKeepTheirSecondsThroughJSON(t *testing.T) {
	t.Parallel()
	in := `{"name":"video","asset_id":"c.mp4","start_time":0.1,"end_time":2.675,` +
		`"data":{"caption":"x","trim_start":1.1,"trim_end":1234.567891234,"volume":0.3}}`
	var a Asset
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindVideo || a.Start != 100*time.Millisecond || a.End != 2675*time.Millisecond ||
		a.Data.TrimStart != 1100*time.Millisecond || a.Data.TrimEnd != 1234567891234*time.Nanosecond {
		t.Fatalf("decoded %+v", a)
	}
	out, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("round trip:\n got %s\nwant %s", out, in)
	}
	// Numeric strings are read as numbers and written as numbers.
	if err := json.Unmarshal([]byte(`{"name":"image","start_time":"3.5","end_time":"7"}`), &a); err != nil {
		t.Fatal(err)
	}
	if a.Start != 3500*time.Millisecond || a.End != 7*time.Second {
		t.Errorf("numeric strings: %v..%v", a.Start, a.End)
	}
	var c []Credit
	if err := json.Unmarshal([]byte(`[["Music","Band"],["Solo"]]`), &c); err != nil {
		t.Fatal(err)
	}
	if want := []Credit{{Role: "Music", Name: "Band"}, {Name: "Solo"}}; !slices.Equal(c, want) {
		t.Errorf("credits %+v, want %+v", c, want)
	}
	if b, _ := json.Marshal(c); string(b) != `[["Music","Band"],["","Solo"]]` {
		t.Errorf("credits written as %s", b)
	}
}

// TestTrimsAreNumbersOfSeconds checks that a trim is a JSON number: a
// string is a type error naming the field, as the server reports it.
func TestTrimsAreNumbersOfSeconds(t *testing.T) {
	t.Parallel()
	var a Asset
	err := json.Unmarshal([]byte(`{"name":"video","data":{"trim_start":"2"}}`), &a)
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field != "data.trim_start" {
		t.Fatalf("got %v (%#v), want a type error of data.trim_start", err, te)
	}
}
