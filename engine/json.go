package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
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
	out.Name = AssetKind(strings.ToLower(strings.TrimSpace(string(raw.Name))))
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
	if out.StartTime, err = lenientTime(raw.StartTime); err != nil {
		return fmt.Errorf("start_time: %w", err)
	}
	if out.EndTime, err = lenientTime(raw.EndTime); err != nil {
		return fmt.Errorf("end_time: %w", err)
	}
	if raw.Data != nil {
		out.Data = *raw.Data
	}
	*a = out
	return nil
}

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
		*c = Credit{"", s[0]}
	default:
		*c = Credit{s[0], strings.Join(s[1:], " ")}
	}
	return nil
}

// MarshalJSON writes a credit row as a two-element array.
func (c Credit) MarshalJSON() ([]byte, error) {
	return json.Marshal([]string{c[0], c[1]})
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

// lenientTime is lenientNumber limited to sane timeline values.
func lenientTime(b []byte) (float64, error) {
	f, err := lenientNumber(b)
	if err != nil {
		return 0, err
	}
	if f < 0 || f > maxTimelineSeconds {
		return 0, fmt.Errorf("%v is outside 0..%d seconds", f, maxTimelineSeconds)
	}
	return f, nil
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
