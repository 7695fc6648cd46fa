package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// SyntaxError is a project JSON that cannot be decoded. Line and Column
// (1-based, columns counted in bytes) point at the offending value; Path
// names it when known ("assets[1].start_time"). It matches
// [ErrInvalidProject] with errors.Is.
type SyntaxError struct {
	Line, Column int
	Path         string
	Err          error
}

// Error returns "line L:C: path: cause".
func (e *SyntaxError) Error() string {
	s := fmt.Sprintf("line %d:%d", e.Line, e.Column)
	if e.Path != "" {
		s += ": " + e.Path
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns ErrInvalidProject and the cause.
func (e *SyntaxError) Unwrap() []error { return []error{ErrInvalidProject, e.Err} }

// projectError turns json.Unmarshal's error on data into a *SyntaxError
// with a position: the decoder's own offset for syntax and type errors,
// else the start of the first field or array element that fails to
// decode on its own (the errors of Asset's and Credit's UnmarshalJSON
// carry no offset).
func projectError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the offending one included.
		return position(data, se.Offset-1, "", err)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		err = fmt.Errorf("want %s, got %s", jsonKind(te.Type), te.Value)
	}
	off, path := locate(data)
	if path != "" && strings.HasPrefix(err.Error(), path+":") {
		path = "" // the cause names the field already
	}
	return position(data, off, path, err)
}

// jsonKind names a Go type as the JSON value it decodes from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "a " + t.String()
}

// position converts the 0-based byte index off of data to a line and
// column.
func position(data []byte, off int64, path string, err error) *SyntaxError {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return &SyntaxError{Line: line, Column: col, Path: path, Err: err}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// locate walks the top-level object and returns the offset and path of
// the first member (or element of assets/credit) that fails to decode.
func locate(data []byte) (int64, string) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0, ""
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return dec.InputOffset(), ""
		}
		key, _ := t.(string)
		if key == "assets" || key == "credit" {
			if off, path, bad := locateArray(dec, data, key); bad {
				return off, path
			}
			continue
		}
		off := valueStart(data, dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return off, key
		}
		var p Project
		if err := json.Unmarshal(wrapMember(key, raw), &p); err != nil {
			return off, key
		}
	}
	return dec.InputOffset(), ""
}

// locateArray checks the elements of the array member key one by one.
func locateArray(dec *json.Decoder, data []byte, key string) (int64, string, bool) {
	off := valueStart(data, dec.InputOffset())
	t, err := dec.Token()
	if err != nil {
		return off, key, true
	}
	if t != json.Delim('[') {
		// null, or a value of the wrong type (reported at the member)
		if t == nil {
			return 0, "", false
		}
		return off, key, true
	}
	for i := 0; dec.More(); i++ {
		off := valueStart(data, dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return off, fmt.Sprintf("%s[%d]", key, i), true
		}
		var err error
		if key == "assets" {
			var a Asset
			err = json.Unmarshal(raw, &a)
		} else {
			var c Credit
			err = json.Unmarshal(raw, &c)
		}
		if err != nil {
			return off, fmt.Sprintf("%s[%d]", key, i), true
		}
	}
	_, _ = dec.Token() // ']'
	return 0, "", false
}

// valueStart skips the whitespace, ':' and ',' between a decoder's offset
// and the next value.
func valueStart(data []byte, off int64) int64 {
	for off < int64(len(data)) && (isSpace(data[off]) || data[off] == ':' || data[off] == ',') {
		off++
	}
	return off
}

// wrapMember makes the one-member object {key: raw}.
func wrapMember(key string, raw []byte) []byte {
	k, _ := json.Marshal(key)
	return append(append(append(append([]byte("{"), k...), ':'), raw...), '}')
}
