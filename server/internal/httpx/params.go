package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Params are the fields of a request body, whatever its encoding. Form
// fields are held as JSON strings, so a field that Picovico clients send as
// a JSON document inside a form field ("assets", "credit") decodes the same
// way as the JSON body's array.
type Params map[string]json.RawMessage

var errUnsupportedBody = Errorf(http.StatusUnsupportedMediaType, "unsupported Content-Type: send application/x-www-form-urlencoded, multipart/form-data or application/json")

// ParseParams reads a form-urlencoded, multipart or JSON body of at most
// limit bytes. A request without a body yields empty params.
func ParseParams(w http.ResponseWriter, r *http.Request, limit int64) (Params, error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	ct := r.Header.Get("Content-Type")
	mt := ""
	if ct != "" {
		var err error
		mt, _, err = mime.ParseMediaType(ct)
		if err != nil {
			return nil, errUnsupportedBody
		}
	}
	switch mt {
	case "application/json", "text/json":
		data, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		return parseJSONParams(data)
	case "multipart/form-data":
		if err := r.ParseMultipartForm(limit); err != nil {
			return nil, bodyError(err)
		}
		p := Params{}
		for k, vs := range r.MultipartForm.Value {
			if len(vs) > 0 {
				if err := validText(k, vs[0]); err != nil {
					return nil, err
				}
				p[k] = jsonString(vs[0])
			}
		}
		return p, nil
	case "application/x-www-form-urlencoded", "":
		data, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		if mt == "" {
			trimmed := bytes.TrimSpace(data)
			if len(trimmed) > 0 && trimmed[0] == '{' {
				return parseJSONParams(data)
			}
		}
		return parseFormParams(data)
	}
	return nil, errUnsupportedBody
}

// bodyError is a multipart parse failure as the client's fault (or the
// body over its limit, which WriteError answers 413).
func bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return &Error{Status: http.StatusBadRequest, Message: "malformed request body", Err: err}
}

// parseJSONParams reads a JSON object body (empty: no fields).
func parseJSONParams(data []byte) (Params, error) {
	p := Params{}
	if len(bytes.TrimSpace(data)) == 0 {
		return p, nil
	}
	if !utf8.Valid(data) {
		return nil, &Error{Status: http.StatusBadRequest, Message: "malformed JSON body: it is not valid UTF-8"}
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, &Error{Status: http.StatusBadRequest, Message: "malformed JSON body: " + jsonProblem(data, err), Err: err}
	}
	return p, nil
}

// jsonProblem says what is wrong with a JSON body that did not decode
// into an object, in words a client developer can act on.
func jsonProblem(data []byte, err error) string {
	var se *json.SyntaxError
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) > 0 && trimmed[0] != '{':
		return "a JSON object is expected"
	case strings.Contains(err.Error(), "exceeded max depth"):
		return "nested too deeply"
	case strings.Contains(err.Error(), "unexpected end of JSON input"):
		return "it ends before the object does"
	case errors.As(err, &se):
		msg := fmt.Sprintf("%s at byte %d", strings.TrimPrefix(se.Error(), "json: "), se.Offset)
		if bytes.Contains(data, []byte("NaN")) || bytes.Contains(data, []byte("Infinity")) {
			msg += " (NaN and Infinity are not JSON numbers)"
		}
		return msg
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "it ends before the object does"
	}
	return "a JSON object is expected"
}

// validText refuses a field value that is not valid UTF-8 or holds a
// NUL character (neither can be stored or shown faithfully).
func validText(k, v string) error {
	if !utf8.ValidString(k) || !utf8.ValidString(v) {
		return FieldError(strings.ToValidUTF8(k, "\ufffd"), "is not valid UTF-8")
	}
	return nil
}

// parseFormParams reads a form-urlencoded body.
func parseFormParams(data []byte) (Params, error) {
	p := Params{}
	vals, err := url.ParseQuery(string(data))
	if err != nil {
		return nil, &Error{Status: http.StatusBadRequest, Message: "malformed form body", Err: err}
	}
	for k, vs := range vals {
		if len(vs) > 0 {
			if err := validText(k, vs[0]); err != nil {
				return nil, err
			}
			p[k] = jsonString(vs[0])
		}
	}
	return p, nil
}

// jsonString is s as a JSON string.
func jsonString(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// Blank reports whether the field is present as null or as a string of
// nothing but spaces: "unchanged" in a partial update.
func (p Params) Blank(k string) bool {
	s, ok, err := p.Str(k)
	return ok && err == nil && strings.TrimSpace(s) == ""
}

// Str returns a string field; a number is returned as its text and null as
// "". ok is false when the field is absent.
func (p Params) Str(k string) (s string, ok bool, err error) {
	raw, ok := p[k]
	if !ok {
		return "", false, nil
	}
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		return "", true, nil
	}
	if len(raw) > 0 && raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", true, FieldError(k, "must be a string")
		}
		if strings.ContainsRune(s, 0) {
			return "", true, FieldError(k, "must not contain a NUL character")
		}
		return s, true, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), true, nil
	}
	return "", true, FieldError(k, "must be a string")
}

// Integer returns an integer field sent as 720 or "720".
func (p Params) Integer(k string) (n int, ok bool, err error) {
	s, ok, err := p.Str(k)
	if err != nil {
		return 0, true, FieldError(k, "must be an integer")
	}
	if !ok {
		return 0, false, nil
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int(f)) || f < 0 || f > 1<<20 {
		return 0, true, FieldError(k, "must be an integer")
	}
	return int(f), true, nil
}

// Document returns a field that holds a JSON document either directly (a
// JSON body) or as a JSON string (a form field); an empty string is null.
func (p Params) Document(k string) (doc []byte, ok bool, err error) {
	raw, ok := p[k]
	if !ok {
		return nil, false, nil
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, true, FieldError(k, "must be JSON")
		}
		raw = []byte(strings.TrimSpace(s))
		if len(raw) == 0 {
			raw = []byte("null")
		}
	}
	return raw, true, nil
}

// FieldError is a 400 naming the field k and what is wrong with it.
func FieldError(k, msg string) error {
	return Errorf(http.StatusBadRequest, k+": "+msg)
}
