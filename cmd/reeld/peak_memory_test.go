package main

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reelkit/reel/internal/testlong"
)

// memoryCeiling is the ceiling for reeld's peak RSS under the
// upload flood and the 16-bit render below.
const memoryCeiling = 400 << 20

// TestPeakMemoryUnderUploadsAndRender: a real reeld process with its
// default limits stays under 400 MB peak RSS while it takes 12 parallel
// maximum-size music uploads (49 MB each), 12 parallel 16-bit RGBA PNG
// uploads at the largest decode it accepts (5000x5000: 200 MB decoded
// each), and then renders a 360p video of 8 of those photos. Uploads
// stream to temporary files; every decode reserves its bytes from the
// process-wide memory budget; GOMEMLIMIT is set by default. A 16-bit PNG
// larger than the decode limit is refused with 413 before decoding.
func TestPeakMemoryUnderUploadsAndRender(t *testing.T) {
	testlong.Require(t) // 1.2 GB of uploads and 25 MP decodes: about 25 CPU-seconds
	dir := t.TempDir()
	addUser(t, dir, "mem", "pw")
	p := startReeld(t, dir)
	c := login(t, p, "mem", "pw")

	mp3, err := os.ReadFile(filepath.Join("..", "..", "testdata", "music", "demo.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	var big bytes.Buffer
	for big.Len()+len(mp3) <= 49<<20 {
		big.Write(mp3)
	}
	photo := png16(t, 5000, 5000)
	t.Logf("upload sizes: music %d bytes, photo %d bytes (5000x5000 RGBA64)", big.Len(), len(photo))

	parallel := func(n int, body []byte, path string) []string {
		var wg sync.WaitGroup
		ids := make([]string, n)
		errs := make([]string, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code, b := c.do("PUT", path, bytes.NewReader(body), "")
				if code != 200 {
					errs[i] = fmt.Sprintf("%s %d: %.200s", path, code, b)
					return
				}
				ids[i] = string(b)
			}()
		}
		wg.Wait()
		for _, e := range errs {
			if e != "" {
				t.Fatal(e)
			}
		}
		return ids
	}
	parallel(12, big.Bytes(), "/me/musics")
	afterMusic := p.peakRSS()
	photos := parallel(12, photo, "/me/photos")
	afterPhotos := p.peakRSS()

	// Over the decode limit: 16-bit 5200x5200 is 216 MB decoded.
	if code, b := c.do("PUT", "/me/photos", bytes.NewReader(png16(t, 5200, 5200)), ""); code != 413 || !strings.Contains(string(b), "to decode") {
		t.Fatalf("oversized 16-bit PNG: %d %s, want 413", code, b)
	}

	var assets []string
	for _, raw := range photos[:8] {
		m := c.obj(200, []byte(raw))
		assets = append(assets, fmt.Sprintf(`{"name":"image","asset_id":%q}`, m["id"]))
	}
	assets = append(assets, `{"name":"music","asset_id":"lib-chords"}`)
	v := c.obj(c.do("POST", "/me/videos", strings.NewReader(
		`{"name":"mem","style":"vanilla","quality":360,"assets":[`+strings.Join(assets, ",")+`]}`), "application/json"))
	id := v["id"].(string)
	c.obj(c.do("POST", "/me/videos/"+id+"/render", nil, ""))
	deadline := time.Now().Add(10 * time.Minute)
	for {
		m := c.obj(c.do("GET", "/me/videos/"+id, nil, ""))
		if m["status"] == "published" {
			break
		}
		if m["status"] == "failed" || time.Now().After(deadline) {
			t.Fatalf("render: %v", m)
		}
		time.Sleep(200 * time.Millisecond)
	}
	afterRender := p.peakRSS()
	t.Logf("reeld peak RSS: %d MiB after 12 x 49 MB music uploads, %d MiB after 12 x 16-bit 25 MP photo uploads, %d MiB after an 8-photo 360p render (ceiling %d MiB)",
		afterMusic>>20, afterPhotos>>20, afterRender>>20, memoryCeiling>>20)
	if afterRender > memoryCeiling {
		t.Fatalf("peak RSS %d MiB exceeds %d MiB", afterRender>>20, memoryCeiling>>20)
	}
}

// png16 encodes a w x h 16-bit RGBA PNG with a gradient (small on disk,
// 8 bytes per pixel decoded).
func png16(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA64(image.Rect(0, 0, w, h))
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+w*8]
		for x := range w {
			px := row[x*8 : x*8+8]
			px[0], px[2], px[4], px[6] = byte(x*255/w), byte(y*255/h), byte((x+y)&0x3f), 0xff
			px[7] = 0xff
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// mixCeiling is the process's stated budget in the preview-and-upload
// mix: the 256 MiB decode budget plus 128 MiB of headroom.
const mixCeiling = (256 + 128) << 20

// TestPeakMemoryPreviewAndUploadMix: a real reeld with its default limits
// stays within its decode budget plus headroom while the studio's 1080p
// preview frames of a 12-photo video are asked for 80 at once (the
// frame cache and the decoded-photo cache are bounded by bytes) and 12
// more 24-megapixel photos are uploaded beside them.
func TestPeakMemoryPreviewAndUploadMix(t *testing.T) {
	testlong.Require(t) // 12 uploads of 24 MP and 80 1080p frames: about 30 CPU-seconds
	dir := t.TempDir()
	addUser(t, dir, "mix", "pw")
	p := startReeld(t, dir, "--rate-limit", "1000") // the mix, not the rate limit, is under test
	c := login(t, p, "mix", "pw")
	photo := func(seed int) []byte {
		img := image.NewRGBA(image.Rect(0, 0, 6000, 4000))
		for y := 0; y < 4000; y++ {
			row := img.Pix[y*img.Stride : y*img.Stride+6000*4]
			for x := 0; x < 6000; x++ {
				row[x*4], row[x*4+1], row[x*4+2], row[x*4+3] = byte(x+seed), byte(y), byte((x^y)>>3), 0xff
			}
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	var assets []string
	for i := range 12 {
		code, b := c.do("PUT", "/me/photos", bytes.NewReader(photo(i)), "")
		if code != 200 {
			t.Fatalf("photo %d: %d %.200s", i, code, b)
		}
		assets = append(assets, fmt.Sprintf(`{"name":"image","asset_id":%q}`, c.obj(code, b)["id"]))
	}
	assets = append(assets, `{"name":"music","asset_id":"lib-chords"}`)
	v := c.obj(c.do("POST", "/me/videos", strings.NewReader(
		`{"name":"mix","style":"vanilla","quality":1080,"assets":[`+strings.Join(assets, ",")+`]}`), "application/json"))
	id := v["id"].(string)
	more := photo(99)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := range 80 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _ := c.do("GET", fmt.Sprintf("/me/videos/%s/frame.jpg?t=%d.5&quality=1080", id, i%48), nil, "")
			mu.Lock()
			codes[code]++
			mu.Unlock()
		}()
	}
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := append(bytes.Clone(more), byte(i)) // distinct content: not deduplicated
			code, _ := c.do("PUT", "/me/photos", bytes.NewReader(body), "")
			mu.Lock()
			codes[1000+code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	peak := p.peakRSS()
	t.Logf("reeld peak RSS %d MiB after 80 concurrent 1080p frames and 12 concurrent 24 MP uploads (ceiling %d MiB); answers %v", peak>>20, mixCeiling>>20, codes)
	if codes[200] != 80 || codes[1200] != 12 {
		t.Fatalf("answers %v: want 80 frames and 12 stored uploads", codes)
	}
	if peak > mixCeiling {
		t.Fatalf("peak RSS %d MiB exceeds the stated %d MiB", peak>>20, mixCeiling>>20)
	}
}
