package encode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unsafe"

	"github.com/abema/go-mp4"
	"github.com/gen2brain/x264-go/x264c"
)

// x264Libraries returns the X264Env values whose library loads here, and
// logs why the others are skipped.
func x264Libraries(t *testing.T) []string {
	t.Helper()
	var ok []string
	for _, mode := range []string{X264Bundled, X264System} {
		t.Setenv(X264Env, mode)
		if info, err := X264(); err != nil {
			t.Logf("%s=%s unavailable: %v", X264Env, mode, err)
		} else {
			t.Logf("%s=%s: %v", X264Env, mode, info)
			ok = append(ok, mode)
		}
	}
	return ok
}

// TestX264Choice: the environment variable picks the library; auto
// prefers a loadable system libx264 and says why when it falls back.
func TestX264Choice(t *testing.T) {
	sys, sysErr := systemX264()
	_, bundledErr := bundledX264()
	for _, mode := range []string{"", "auto", " Auto ", "bundled", "system"} {
		t.Setenv(X264Env, mode)
		info, err := X264()
		want := strings.ToLower(strings.TrimSpace(mode))
		switch want {
		case "", "auto":
			switch {
			case sysErr == nil && info != sys.info:
				t.Errorf("%q: %v, want the system library %v", mode, info, sys.info)
			case sysErr != nil && (err != nil || info.Library != X264Bundled || info.Fallback == ""):
				t.Errorf("%q: %v, %v; want the bundled x264 with the reason (%v)", mode, info, err, sysErr)
			}
		case X264Bundled:
			if (bundledErr == nil) != (err == nil) || err == nil && info.Library != X264Bundled {
				t.Errorf("%q: %v, %v (bundled: %v)", mode, info, err, bundledErr)
			}
		case X264System:
			if (sysErr == nil) != (err == nil) || err == nil && info.Library == X264Bundled {
				t.Errorf("%q: %v, %v (system: %v)", mode, info, err, sysErr)
			}
		}
		if err == nil && (info.Build != x264c.Build || !strings.HasPrefix(info.Version, "x264 - core ")) {
			t.Errorf("%q: build %d version %q, want build %d and x264's identification", mode, info.Build, info.Version, x264c.Build)
		}
	}
	t.Setenv(X264Env, "nope")
	if _, err := X264(); !errors.Is(err, ErrInvalidOptions) || !strings.Contains(err.Error(), X264Env) {
		t.Errorf("unknown choice: %v, want ErrInvalidOptions naming %s", err, X264Env)
	}
	if _, err := NewH264Encoder(VideoOptions{Width: 64, Height: 64}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("NewH264Encoder with an unknown choice: %v, want ErrInvalidOptions", err)
	}
}

// gopEntry is one coded picture in decode order.
type gopEntry struct {
	pts, dts  int64
	key       bool
	sliceType uint32 // slice_type of the first slice, mod 5 (0 P, 1 B, 2 I)
}

// sliceType returns the slice_type (mod 5) of the first slice NAL unit of
// an AVCC sample.
func sliceType(t *testing.T, sample []byte) uint32 {
	t.Helper()
	for len(sample) >= 5 {
		n := int(binary.BigEndian.Uint32(sample))
		if n < 2 || n > len(sample)-4 {
			t.Fatalf("bad NAL length %d in a %d-byte sample", n, len(sample))
		}
		nal := sample[4 : 4+n]
		if typ := nal[0] & 0x1f; typ == 1 || typ == 5 {
			r := bitReader{b: nal[1:]}
			r.ue() // first_mb_in_slice
			return r.ue() % 5
		}
		sample = sample[4+n:]
	}
	t.Fatal("sample has no slice NAL unit")
	return 0
}

// bitReader reads Exp-Golomb codes (enough of a slice header's start to
// contain no emulation-prevention bytes).
type bitReader struct {
	b   []byte
	pos int
}

func (r *bitReader) bit() uint32 {
	if r.pos/8 >= len(r.b) {
		return 1 // ends any run of zeros
	}
	v := uint32(r.b[r.pos/8]>>(7-r.pos%8)) & 1
	r.pos++
	return v
}

func (r *bitReader) ue() uint32 {
	zeros := 0
	for r.bit() == 0 && zeros < 31 {
		zeros++
	}
	v := uint32(1)
	for range zeros {
		v = v<<1 | r.bit()
	}
	return v - 1
}

// TestX264LibrariesSameStructure codes the same pictures with every
// library available here (bundled and system) and checks that only the
// coded bytes may differ: identical SPS and PPS, the same GOP structure
// (timestamps, IDR positions, slice types in decode order), the same MP4
// box layout and sync-sample table, and the same stream fields and frame
// types as ffprobe reads them.
func TestX264LibrariesSameStructure(t *testing.T) {
	libs := x264Libraries(t)
	if len(libs) < 2 {
		t.Skipf("needs both the bundled x264 and a loadable system libx264, have %v", libs)
	}
	const frames = 90 // 3 s: IDRs at 0 and 60 with the 2 s default
	o := VideoOptions{Width: 320, Height: 192}
	type result struct {
		sps, pps []byte
		gop      []gopEntry
		boxes    []string
		stss     []uint32
		probe    string
		frames   string
	}
	res := map[string]result{}
	for _, lib := range libs {
		t.Setenv(X264Env, lib)
		var r result
		e, err := NewH264Encoder(o)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.X264().Library; got != lib {
			t.Fatalf("%s=%s opened a %s encoder", X264Env, lib, got)
		}
		r.sps, r.pps = e.SPS(), e.PPS()
		emit := func(p Packet) error {
			r.gop = append(r.gop, gopEntry{p.PTS, p.DTS, p.Keyframe, sliceType(t, p.Data)})
			return nil
		}
		for i := range frames {
			fillSynthetic(e.Picture(), i)
			if err := e.Encode(emit); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.Flush(emit); err != nil {
			t.Fatal(err)
		}
		e.Close()

		path := encodeClip(t, o, nil, frames, nil)
		r.boxes = boxLayout(t, path)
		r.stss = readBack(t, path).stss
		if _, err := exec.LookPath("ffprobe"); err == nil {
			r.probe = ffprobeText(t, path, "-show_entries",
				"stream=codec_name,profile,level,width,height,pix_fmt,refs,has_b_frames,color_range,color_space,color_transfer,color_primaries,field_order,nb_frames")
			r.frames = ffprobeText(t, path, "-show_entries", "frame=key_frame,pict_type")
		}
		res[lib] = r
	}
	a, b := res[libs[0]], res[libs[1]]
	if !bytes.Equal(a.sps, b.sps) || !bytes.Equal(a.pps, b.pps) {
		t.Errorf("SPS/PPS differ:\n%s: % x / % x\n%s: % x / % x", libs[0], a.sps, a.pps, libs[1], b.sps, b.pps)
	}
	if len(a.gop) != frames || len(b.gop) != frames {
		t.Fatalf("%d and %d packets, want %d", len(a.gop), len(b.gop), frames)
	}
	for i := range a.gop {
		if a.gop[i] != b.gop[i] {
			t.Errorf("packet %d: %s %+v, %s %+v", i, libs[0], a.gop[i], libs[1], b.gop[i])
		}
	}
	if idr := []bool{a.gop[0].key, a.gop[60].key}; !idr[0] || !idr[1] {
		t.Errorf("IDR at frames 0 and 60: %v", idr)
	}
	if strings.Join(a.boxes, " ") != strings.Join(b.boxes, " ") {
		t.Errorf("box layout differs:\n%s: %v\n%s: %v", libs[0], a.boxes, libs[1], b.boxes)
	}
	if len(a.stss) == 0 || !equalU32(a.stss, b.stss) {
		t.Errorf("stss: %s %v, %s %v", libs[0], a.stss, libs[1], b.stss)
	}
	if a.probe != b.probe || a.frames != b.frames {
		t.Errorf("ffprobe reads different streams:\n%s:\n%s\n%s:\n%s", libs[0], a.probe, libs[1], b.probe)
	}
	if a.probe != "" && (!strings.Contains(a.probe, "profile=High") || strings.Count(a.frames, "pict_type=B") == 0) {
		t.Errorf("expected High profile with B-frames:\n%s", a.probe)
	}
}

// boxLayout lists every box of the file as its path from the root, in
// file order ("moov/trak/mdia/minf/stbl/stsd/avc1/avcC").
func boxLayout(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	_, err = mp4.ReadBoxStructure(f, func(h *mp4.ReadHandle) (any, error) {
		var names []string
		for _, b := range h.Path {
			names = append(names, b.String())
		}
		out = append(out, strings.Join(names, "/"))
		if h.BoxInfo.IsSupportedType() && h.BoxInfo.Type != mp4.BoxTypeMdat() {
			return h.Expand()
		}
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// ffprobeText runs ffprobe -v error -of default=nw=1 args... path.
func ffprobeText(t *testing.T, path string, args ...string) string {
	t.Helper()
	cmd := exec.Command("ffprobe", append(append([]string{"-v", "error", "-of", "default=nw=1"}, args...), path)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("ffprobe %v: %v %s", args, err, stderr.String())
	}
	return string(out)
}

func equalU32(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// fakeParamDefault is an x264API whose x264_param_default is replaced.
type fakeParamDefault struct {
	x264cAPI
	fill func(p *x264c.Param)
}

func (f fakeParamDefault) paramDefault(p *x264c.Param) { f.fill(p) }

// TestCheckParamLayout: a library whose x264_param_t is longer, or whose
// defaults sit at other offsets, is refused; the same layout with other
// CPU flags and log function is accepted.
func TestCheckParamLayout(t *testing.T) {
	t.Parallel()
	size := unsafe.Sizeof(x264c.Param{})
	for _, tc := range []struct {
		name string
		fill func(p *x264c.Param)
		ok   bool
	}{
		{"same", func(p *x264c.Param) { x264c.ParamDefault(p) }, true},
		{"other cpu flags and log function", func(p *x264c.Param) {
			x264c.ParamDefault(p)
			p.Cpu ^= x264c.CpuAvx2
			p.PfLog = (*[0]byte)(unsafe.Pointer(p))
		}, true},
		{"longer struct", func(p *x264c.Param) {
			x264c.ParamDefault(p)
			*(*uint32)(unsafe.Add(unsafe.Pointer(p), size)) = 0
		}, false},
		{"field moved", func(p *x264c.Param) {
			x264c.ParamDefault(p)
			p.IKeyintMax, p.IKeyintMin = p.IKeyintMin, p.IKeyintMax
		}, false},
		{"shorter struct", func(p *x264c.Param) {
			var q x264c.Param
			x264c.ParamDefault(&q)
			copy(unsafe.Slice((*byte)(unsafe.Pointer(p)), size-8), unsafe.Slice((*byte)(unsafe.Pointer(&q)), size-8))
		}, false},
	} {
		err := checkParamLayout(fakeParamDefault{fill: tc.fill}, x264cAPI{})
		if (err == nil) != tc.ok || err != nil && !errors.Is(err, errParamLayout) {
			t.Errorf("%s: %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestSEIVersion(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"\x05\xdc\x45\xe9x264 - core 164 r3095 baee400 - H.264/MPEG-4 AVC codec - Copyleft": "x264 - core 164 r3095 baee400",
		"....x264 - core 164 - H.264/MPEG-4 AVC codec":                                      "x264 - core 164",
		"x264 - core 164\x00junk":                                                           "x264 - core 164",
		"no identification":                                                                 "",
	} {
		if got := seiVersion([]byte(in)); got != want {
			t.Errorf("seiVersion(%q) = %q, want %q", in, got, want)
		}
	}
}
