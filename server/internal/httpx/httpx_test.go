package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

func decodeError(t *testing.T, rec *httptest.ResponseRecorder) ErrorBody {
	t.Helper()
	var b ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatalf("error body %q: %v", rec.Body, err)
	}
	return b
}

// TestWriteErrorStatuses: an *Error answers its status, Picovico code and
// Retry-After; a domain mapping comes next; an oversized body is 413 and
// anything else a 500 that never shows its cause.
func TestWriteErrorStatuses(t *testing.T) {
	notFound := errors.New("nope")
	domain := func(err error) *Error {
		if errors.Is(err, notFound) {
			return Errorf(http.StatusNotFound, "not found")
		}
		return nil
	}
	for _, tc := range []struct {
		err        error
		status     int
		code       int
		msg        string
		retryAfter string
	}{
		{&Error{Status: 400, Code: 7401, Message: "no music", RetryAfter: 0}, 400, 7401, "no music", ""},
		{&Error{Status: 429, Message: "slow down", RetryAfter: 3}, 429, 429, "slow down", "3"},
		{notFound, 404, 404, "not found", ""},
		{&http.MaxBytesError{Limit: 10}, 413, 413, "request body too large", ""},
		{errors.New("secret database detail"), 500, 500, "internal error", ""},
	} {
		rec := httptest.NewRecorder()
		WriteError(rec, httptest.NewRequest("GET", "/", nil), discard(), tc.err, domain)
		b := decodeError(t, rec)
		if rec.Code != tc.status || b.Status != tc.code || b.Error.Message != tc.msg || rec.Header().Get("Retry-After") != tc.retryAfter {
			t.Errorf("%v: %d %+v Retry-After %q; want %d/%d %q %q", tc.err, rec.Code, b, rec.Header().Get("Retry-After"), tc.status, tc.code, tc.msg, tc.retryAfter)
		}
	}
}

// TestServeContentRanges: a normal range is 206; bytes=-0 is 416 with
// Content-Range bytes */size and the JSON error body, and nosniff stays
// on the error; a conditional request on the ETag is 304.
func TestServeContentRanges(t *testing.T) {
	content := []byte("0123456789")
	writeErr := func(w http.ResponseWriter, r *http.Request, err error) { WriteError(w, r, discard(), err, nil) }
	serve := func(hdr map[string]string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/f", nil)
		for k, v := range hdr {
			r.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		ServeContent(rec, r, "key", "video/mp4", time.Unix(0, 0), int64(len(content)), bytes.NewReader(content), writeErr)
		return rec
	}
	rec := serve(map[string]string{"Range": "bytes=2-4"})
	if rec.Code != 206 || rec.Body.String() != "234" || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("bytes=2-4: %d %q %v", rec.Code, rec.Body, rec.Header())
	}
	rec = serve(map[string]string{"Range": "bytes=-0"})
	if rec.Code != 416 || rec.Header().Get("Content-Range") != "bytes */10" || decodeError(t, rec).Status != 416 {
		t.Fatalf("bytes=-0: %d %q %v", rec.Code, rec.Body, rec.Header())
	}
	etag := serve(nil).Header().Get("ETag")
	if etag == "" || strings.Contains(etag, "key") {
		t.Fatalf("ETag %q: want an opaque one", etag)
	}
	if rec := serve(map[string]string{"If-None-Match": etag}); rec.Code != 304 {
		t.Fatalf("If-None-Match: %d", rec.Code)
	}
}

// TestParamsEncodings: the same fields read alike from a form, a JSON
// body and a multipart form; numbers read as strings and integers from
// "720"; a JSON document inside a form field; an unknown Content-Type
// is 415.
func TestParamsEncodings(t *testing.T) {
	parse := func(ct, body string) (Params, error) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		return ParseParams(httptest.NewRecorder(), r, 1<<16)
	}
	check := func(name string, p Params, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s, ok, err := p.Str("name"); s != "T" || !ok || err != nil {
			t.Errorf("%s: name %q %v %v", name, s, ok, err)
		}
		if n, ok, err := p.Integer("quality"); n != 720 || !ok || err != nil {
			t.Errorf("%s: quality %d %v %v", name, n, ok, err)
		}
		if d, ok, err := p.Document("credit"); string(d) != `[["a","b"]]` || !ok || err != nil {
			t.Errorf("%s: credit %s %v %v", name, d, ok, err)
		}
	}
	p, err := parse("application/x-www-form-urlencoded", `name=T&quality=720&credit=[["a","b"]]`)
	check("form", p, err)
	p, err = parse("application/json", `{"name":"T","quality":720,"credit":[["a","b"]]}`)
	check("json", p, err)
	p, err = parse("", `{"name":"T","quality":"720","credit":"[[\"a\",\"b\"]]"}`)
	check("json without a content type", p, err)
	mp := "--X\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nT\r\n--X\r\nContent-Disposition: form-data; name=\"quality\"\r\n\r\n720\r\n--X\r\nContent-Disposition: form-data; name=\"credit\"\r\n\r\n[[\"a\",\"b\"]]\r\n--X--\r\n"
	p, err = parse("multipart/form-data; boundary=X", mp)
	check("multipart", p, err)

	var ae *Error
	if _, err := parse("text/plain", "x"); !errors.As(err, &ae) || ae.Status != 415 {
		t.Fatalf("text/plain: %v, want 415", err)
	}
	if _, err := parse("application/json", "[1,2]"); !errors.As(err, &ae) || ae.Status != 400 {
		t.Fatalf("a JSON array: %v, want 400", err)
	}
	p, _ = parse("application/json", `{"quality":"7.5","name":[]}`)
	if _, _, err := p.Integer("quality"); !errors.As(err, &ae) || ae.Message != "quality: must be an integer" {
		t.Fatalf("quality 7.5: %v", err)
	}
	if _, _, err := p.Str("name"); !errors.As(err, &ae) || ae.Message != "name: must be a string" {
		t.Fatalf("name []: %v", err)
	}
}

// FuzzParseParams: any body and content type parses or fails with an
// *Error (or the 413 of an oversized body), never panics.
func FuzzParseParams(f *testing.F) {
	f.Add("application/json", []byte(`{"a":1}`))
	f.Add("application/x-www-form-urlencoded", []byte(`a=1&b=%zz`))
	f.Add("multipart/form-data; boundary=X", []byte("--X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--X--\r\n"))
	f.Add("", []byte(" {"))
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		p, err := ParseParams(httptest.NewRecorder(), r, 1<<12)
		if err != nil {
			var ae *Error
			var mbe *http.MaxBytesError
			if !errors.As(err, &ae) && !errors.As(err, &mbe) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("untyped error %T %v", err, err)
			}
			return
		}
		for k := range p {
			p.Str(k)
			p.Integer(k)
			p.Document(k)
		}
	})
}
