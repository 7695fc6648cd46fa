package httpx

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ServeContent serves a public file (a rendition, photo, music or
// thumbnail) with Range and conditional requests, hardened:
//
//   - X-Content-Type-Options: nosniff, so a browser never runs an upload
//     as something else than its sniffed-and-checked type;
//   - an opaque ETag derived from the blob key (keys are unique per
//     content: renders stamp them with the job id), never the key itself;
//   - Cache-Control: no-cache unless the caller set one: caches may keep a
//     copy but must revalidate
//     (a cheap 304 via the ETag), so a deleted video or photo stops being
//     served by shared caches at the next request;
//   - a suffix range of zero bytes (bytes=-0) is unsatisfiable: 416 with
//     Content-Range: bytes */size (net/http would answer 206 with an
//     inverted range), and every 4xx answer has the API's JSON error body.
//
// writeError answers the errors (the API's error shape).
func ServeContent(w http.ResponseWriter, r *http.Request, key, contentType string, mod time.Time, size int64, content io.ReadSeeker,
	writeError func(http.ResponseWriter, *http.Request, error)) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	sum := sha256.Sum256([]byte("reel etag\x00" + key))
	h.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	if rg := r.Header.Get("Range"); rg != "" {
		kept, ok := dropEmptySuffixRanges(rg)
		if !ok {
			h.Set("Content-Range", "bytes */"+strconv.FormatInt(size, 10))
			writeError(w, r, Errorf(http.StatusRequestedRangeNotSatisfiable, "requested range not satisfiable"))
			return
		}
		r.Header.Set("Range", kept)
	}
	http.ServeContent(&jsonErrors{ResponseWriter: w, writeError: writeError, r: r}, r, "", mod, content)
}

// dropEmptySuffixRanges removes "-0" specs from a bytes= Range header; ok
// is false when nothing satisfiable is left.
func dropEmptySuffixRanges(rg string) (string, bool) {
	spec, found := strings.CutPrefix(rg, "bytes=")
	if !found {
		return rg, true // not ours to judge: ServeContent ignores or refuses it
	}
	var kept []string
	for _, part := range strings.Split(spec, ",") {
		p := strings.TrimSpace(part)
		if n, isSuffix := strings.CutPrefix(p, "-"); isSuffix && strings.Trim(n, "0") == "" && n != "" {
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == 0 {
		return "", false
	}
	return "bytes=" + strings.Join(kept, ","), true
}

// jsonErrors turns net/http's plain-text error answers (416, 412 and
// friends from ServeContent) into the API's JSON error shape.
type jsonErrors struct {
	http.ResponseWriter
	writeError func(http.ResponseWriter, *http.Request, error)
	r          *http.Request
	swallow    bool
}

func (j *jsonErrors) WriteHeader(code int) {
	if code >= 400 && !j.swallow {
		j.swallow = true
		h := j.ResponseWriter.Header()
		h.Del("Content-Length")
		h.Del("X-Content-Type-Options")
		j.writeError(j.ResponseWriter, j.r, Errorf(code, strings.ToLower(http.StatusText(code))))
		return
	}
	if !j.swallow {
		j.ResponseWriter.WriteHeader(code)
	}
}

func (j *jsonErrors) Write(b []byte) (int, error) {
	if j.swallow {
		return len(b), nil
	}
	return j.ResponseWriter.Write(b)
}

func (j *jsonErrors) Unwrap() http.ResponseWriter { return j.ResponseWriter }
