package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
)

// The decoders below turn the assets and credit documents into engine
// values with 400 messages in the client's terms: the element
// ("assets[0].data.caption") and the JSON types ("expected a string, got
// a number"), never encoding/json's text, which names Go types.

const (
	assetShape  = "an object with name, asset_id, data"
	creditShape = `a list of two strings, like ["Music", "Artist"]`
)

// decodeAssets decodes the assets document (a JSON list; null is none).
func decodeAssets(raw []byte) ([]engine.Asset, error) {
	els, err := jsonList("assets", raw, "a list of "+assetShape+"s")
	if err != nil || els == nil {
		return nil, err
	}
	out := make([]engine.Asset, 0, len(els))
	for i, el := range els {
		at := fmt.Sprintf("assets[%d]", i)
		if jsonKind(el) != "an object" {
			return nil, httpx.FieldError(at, "expected "+assetShape+", got "+jsonKind(el))
		}
		var a engine.Asset
		if err := json.Unmarshal(el, &a); err != nil {
			return nil, jsonFieldError(at, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// decodeCredit decodes the credit document: a list of [role, name] rows.
func decodeCredit(raw []byte) ([]engine.Credit, error) {
	els, err := jsonList("credit", raw, "a list of rows, each "+creditShape)
	if err != nil || els == nil {
		return nil, err
	}
	out := make([]engine.Credit, 0, len(els))
	for i, el := range els {
		at := fmt.Sprintf("credit[%d]", i)
		var row []json.RawMessage
		if jsonKind(el) != "a list" || json.Unmarshal(el, &row) != nil {
			return nil, httpx.FieldError(at, "expected "+creditShape+", got "+jsonKind(el))
		}
		if len(row) != 2 {
			// Exactly [role, name]: a missing role or an extra cell is
			// refused rather than guessed (the engine's own decoder
			// would shift ["a"] to ["", "a"] and join extra cells).
			return nil, httpx.FieldError(at, fmt.Sprintf("expected %s, got a list of %d", creditShape, len(row)))
		}
		for j, cell := range row {
			if k := jsonKind(cell); k != "a string" && k != "null" {
				return nil, httpx.FieldError(fmt.Sprintf("%s[%d]", at, j), "expected a string, got "+k)
			}
		}
		var c engine.Credit
		if err := json.Unmarshal(el, &c); err != nil {
			return nil, jsonFieldError(at, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// jsonList splits a JSON list into its elements; null yields nil, nil.
func jsonList(field string, raw []byte, shape string) ([]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if !json.Valid(raw) {
		return nil, httpx.FieldError(field, "not valid JSON (expected "+shape+")")
	}
	switch jsonKind(raw) {
	case "null":
		return nil, nil
	case "a list":
	default:
		return nil, httpx.FieldError(field, "expected "+shape+", got "+jsonKind(raw))
	}
	var els []json.RawMessage
	if err := json.Unmarshal(raw, &els); err != nil {
		return nil, httpx.FieldError(field, "not valid JSON (expected "+shape+")")
	}
	if els == nil {
		els = []json.RawMessage{}
	}
	return els, nil
}

// jsonFieldError describes a decoding error of the element at.
func jsonFieldError(at string, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			at += "." + te.Field
		}
		want, got := goKindInJSON(te.Type), jsonValueName(te.Value)
		if want == got {
			// A number that does not fit its field (1e400, 1e30 frames).
			return httpx.FieldError(at, "the number "+strings.TrimPrefix(te.Value, "number ")+" is out of range")
		}
		return httpx.FieldError(at, "expected "+want+", got "+got)
	}
	// The engine's own decoders say "start_time: \"x\" is not a number".
	if msg := err.Error(); !strings.Contains(msg, "json:") && !strings.Contains(msg, "Go ") {
		return httpx.Errorf(http.StatusBadRequest, at+"."+msg)
	}
	return httpx.FieldError(at, "not valid JSON")
}

// jsonKind names the JSON type of a (valid) document.
func jsonKind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "true/false"
	case 'n':
		return "null"
	}
	return "a number"
}

// jsonValueName turns UnmarshalTypeError.Value ("number", "array", ...)
// into jsonKind's words.
func jsonValueName(v string) string {
	switch {
	case v == "array":
		return "a list"
	case v == "object":
		return "an object"
	case v == "bool":
		return "true/false"
	case v == "string":
		return "a string"
	case strings.HasPrefix(v, "number"):
		return "a number"
	}
	return v
}

// goKindInJSON names the JSON type a Go type decodes from.
func goKindInJSON(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true/false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another type"
}
