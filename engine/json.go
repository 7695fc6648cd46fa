package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/reelkit/reel/styles"
)

// maxProjectBytes bounds what DecodeProject reads: a project is text only
// (assets are referenced, never inlined), so 8 MiB is generous.
const maxProjectBytes = 8 << 20

// DecodeProject reads one project from JSON. Unknown fields (status, id,
// video, thumbnail and the rest of the seed's response object) are ignored,
// so a video object fetched from the API can be fed back in. Malformed
// JSON gives a *SyntaxError with the line and column of the fault; every
// error matches ErrInvalidProject except a failure to read r.
func DecodeProject(r io.Reader) (*Project, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxProjectBytes+1))
	if err != nil {
		return nil, fmt.Errorf("engine: reading project: %w", err)
	}
	if len(data) > maxProjectBytes {
		return nil, invalidf("project JSON larger than %d bytes", maxProjectBytes)
	}
	var p Project
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, projectError(data, err)
	}
	return &p, nil
}

// UnmarshalJSON accepts a number (720), a numeric string ("720"), an empty
// string or null (unset).
func (q *Quality) UnmarshalJSON(b []byte) error {
	f, err := lenientNumber(b)
	if err != nil {
		return fmt.Errorf("quality: %w", err)
	}
	if f < 0 || f > 1<<16 || f != math.Trunc(f) {
		return fmt.Errorf("quality: %v is not a video height", f)
	}
	*q = Quality(f)
	return nil
}

// MarshalJSON writes the quality as a number, as the seed does.
func (q Quality) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(q), 10), nil
}

// UnmarshalJSON decodes an asset, accepting numeric strings for the times
// and a number for asset_id.
func (a *Asset) UnmarshalJSON(b []byte) error {
	var raw struct {
		Name      AssetKind       `json:"name"`
		AssetID   json.RawMessage `json:"asset_id"`
		ID        json.RawMessage `json:"id"`
		URL       *string         `json:"url"`
		StartTime json.RawMessage `json:"start_time"`
		EndTime   json.RawMessage `json:"end_time"`
		Data      *AssetData      `json:"data"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	var out Asset
	out.Kind = AssetKind(strings.ToLower(strings.TrimSpace(string(raw.Name))))
	id := raw.AssetID
	if isNull(id) {
		id = raw.ID // Picovico 2.x frames carry "id"
	}
	var err error
	if out.AssetID, err = lenientString(id); err != nil {
		return fmt.Errorf("asset_id: %w", err)
	}
	if raw.URL != nil {
		out.URL = *raw.URL
	}
	if out.Start, err = lenientTime(raw.StartTime); err != nil {
		return fmt.Errorf("start_time: %w", err)
	}
	if out.End, err = lenientTime(raw.EndTime); err != nil {
		return fmt.Errorf("end_time: %w", err)
	}
	if raw.Data != nil {
		out.Data = *raw.Data
	}
	*a = out
	return nil
}

// assetJSON is an Asset as Picovico's JSON has it: the kind as "name",
// the times in seconds.
type assetJSON struct {
	Name      AssetKind `json:"name"`
	AssetID   string    `json:"asset_id,omitempty"`
	URL       string    `json:"url,omitempty"`
	StartTime float64   `json:"start_time"`
	EndTime   float64   `json:"end_time"`
	Data      AssetData `json:"data"`
}

// MarshalJSON writes the asset as Picovico's object: the kind as "name",
// start_time and end_time in seconds.
func (a Asset) MarshalJSON() ([]byte, error) {
	return json.Marshal(assetJSON{
		Name: a.Kind, AssetID: a.AssetID, URL: a.URL,
		StartTime: secondsOf(a.Start), EndTime: secondsOf(a.End),
		Data: a.Data,
	})
}

// assetDataJSON is AssetData with the trims in seconds.
type assetDataJSON struct {
	Text      string   `json:"text,omitempty"`
	Title     string   `json:"title,omitempty"`
	Caption   string   `json:"caption,omitempty"`
	Corner    Corner   `json:"corner,omitempty"`
	Size      float64  `json:"size,omitempty"`
	Opacity   float64  `json:"opacity,omitempty"`
	TrimStart float64  `json:"trim_start,omitempty"`
	TrimEnd   float64  `json:"trim_end,omitempty"`
	Volume    *float64 `json:"volume,omitempty"`
	Mute      bool     `json:"mute,omitempty"`

	Transition   styles.Transition `json:"transition,omitempty"`
	TextPosition styles.VAlign     `json:"text_position,omitempty"`
}

// MarshalJSON writes the data object with trim_start and trim_end in
// seconds.
func (d AssetData) MarshalJSON() ([]byte, error) {
	return json.Marshal(assetDataJSON{
		Text: d.Text, Title: d.Title, Caption: d.Caption,
		Corner: d.Corner, Size: d.Size, Opacity: d.Opacity,
		TrimStart: secondsOf(d.TrimStart), TrimEnd: secondsOf(d.TrimEnd),
		Volume: d.Volume, Mute: d.Mute,
		Transition: d.Transition, TextPosition: d.TextPosition,
	})
}

// UnmarshalJSON reads the data object; trim_start and trim_end are
// numbers of seconds.
func (d *AssetData) UnmarshalJSON(b []byte) error {
	var raw assetDataJSON
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*d = AssetData{
		Text: raw.Text, Title: raw.Title, Caption: raw.Caption,
		Corner: raw.Corner, Size: raw.Size, Opacity: raw.Opacity,
		TrimStart: seconds(raw.TrimStart), TrimEnd: seconds(raw.TrimEnd),
		Volume: raw.Volume, Mute: raw.Mute,
		Transition: raw.Transition, TextPosition: raw.TextPosition,
	}
	return nil
}

// seconds converts seconds to a Duration, rounded to the nanosecond and
// saturated at the Duration's range.
func seconds(s float64) time.Duration {
	ns := math.Round(s * float64(time.Second))
	switch {
	case ns >= math.MaxInt64:
		return math.MaxInt64
	case ns <= math.MinInt64:
		return math.MinInt64
	}
	return time.Duration(ns)
}

// secondsOf converts a Duration to seconds with one rounding, so that a
// time read from JSON with up to nine decimals is written back as read.
func secondsOf(d time.Duration) float64 { return float64(d) / float64(time.Second) }

// UnmarshalJSON decodes a credit row: ["role", "name"], ["name"] or a
// longer row whose extra elements are joined into the name.
func (c *Credit) UnmarshalJSON(b []byte) error {
	var row []*string
	if err := json.Unmarshal(b, &row); err != nil {
		return fmt.Errorf("credit row must be an array of strings: %w", err)
	}
	var s []string
	for _, p := range row {
		if p != nil {
			s = append(s, *p)
		}
	}
	switch len(s) {
	case 0:
		*c = Credit{}
	case 1:
		*c = Credit{Name: s[0]}
	default:
		*c = Credit{Role: s[0], Name: strings.Join(s[1:], " ")}
	}
	return nil
}

// MarshalJSON writes a credit row as a two-element array: [role, name].
func (c Credit) MarshalJSON() ([]byte, error) {
	return json.Marshal([]string{c.Role, c.Name})
}

func isNull(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) == 0 || string(b) == "null"
}

// lenientNumber decodes a JSON number, a numeric string, "" or null (0).
func lenientNumber(b []byte) (float64, error) {
	if isNull(b) {
		return 0, nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return 0, err
	}
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case string:
		s := strings.TrimSpace(x)
		if s == "" {
			return 0, nil
		}
		var err error
		if f, err = strconv.ParseFloat(s, 64); err != nil {
			return 0, fmt.Errorf("%q is not a number", x)
		}
	default:
		return 0, fmt.Errorf("want a number, got %s", bytes.TrimSpace(b))
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%v is not a finite number", f)
	}
	return f, nil
}

// lenientTime is lenientNumber limited to sane timeline values, as a
// Duration.
func lenientTime(b []byte) (time.Duration, error) {
	f, err := lenientNumber(b)
	if err != nil {
		return 0, err
	}
	if f < 0 || f > maxTimelineSeconds {
		return 0, fmt.Errorf("%v is outside 0..%d seconds", f, maxTimelineSeconds)
	}
	return seconds(f), nil
}

// lenientString decodes a JSON string, a number (written back in its
// shortest form) or null ("").
func lenientString(b []byte) (string, error) {
	if isNull(b) {
		return "", nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	}
	return "", fmt.Errorf("want a string, got %s", bytes.TrimSpace(b))
}
