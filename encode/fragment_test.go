package encode

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/abema/go-mp4"
)

// codedClip is one encoding of the synthetic pattern, kept as packets so
// that every muxer under test gets the very same coded pictures (the
// extlib build of x264 is not byte-deterministic from run to run).
type codedClip struct {
	cfg     VideoTrackConfig
	packets []Packet
	audio   *AACTrack
	keys    int
}

func encodePackets(t testing.TB, v VideoOptions, frames int, withAudio bool) *codedClip {
	t.Helper()
	enc, err := NewH264Encoder(v)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	o := enc.Options()
	c := &codedClip{cfg: VideoTrackConfig{Width: o.Width, Height: o.Height, FrameRate: o.FrameRate, SPS: enc.SPS(), PPS: enc.PPS()}}
	keep := func(p Packet) error {
		p.Data = append([]byte(nil), p.Data...)
		c.packets = append(c.packets, p)
		if p.Keyframe {
			c.keys++
		}
		return nil
	}
	img := image.NewYCbCr(image.Rect(0, 0, o.Width, o.Height), image.YCbCrSubsampleRatio420)
	for i := range frames {
		fillSynthetic(img, i)
		if err := enc.EncodePicture(img, keep); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Flush(keep); err != nil {
		t.Fatal(err)
	}
	if withAudio {
		rate := 48000
		n := int(int64(frames) * int64(rate) * int64(o.FrameRate.Den) / int64(o.FrameRate.Num))
		if c.audio, err = EncodeAAC(context.Background(), &pcmSource{s: toneWithClicks(rate, 2, n)}, AudioOptions{SampleRate: rate, Channels: 2}); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// mux feeds the clip to m and closes it.
func (c *codedClip) mux(t testing.TB, m VideoMuxer) {
	t.Helper()
	for _, p := range c.packets {
		if err := m.WriteVideo(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
}

// fragmented returns the clip as a fragmented MP4.
func (c *codedClip) fragmented(t testing.TB, frames int) []byte {
	t.Helper()
	var buf bytes.Buffer
	m, err := NewSinkMuxer(Sink{Writer: &buf, Fragmented: true, Frames: frames}, c.cfg, c.audio)
	if err != nil {
		t.Fatal(err)
	}
	c.mux(t, m)
	return buf.Bytes()
}

// faststart returns the path of the clip muxed as a faststart file.
func (c *codedClip) faststart(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fast.mp4")
	m, err := NewMuxer(path, c.cfg, c.audio)
	if err != nil {
		t.Fatal(err)
	}
	c.mux(t, m)
	return path
}

func writeTemp(t testing.TB, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// frameLine is one line of ffmpeg's framemd5 output.
type frameLine struct {
	pts, dur int64
	hash     string
}

func framemd5(t testing.TB, path string) []frameLine {
	t.Helper()
	var out []frameLine
	for _, l := range strings.Split(string(ffmpegDecode(t, path, "-map", "0:v", "-f", "framemd5")), "\n") {
		if strings.HasPrefix(l, "#") || l == "" {
			continue
		}
		var st, dts int
		var fl frameLine
		var size int
		if _, err := fmt.Sscanf(strings.ReplaceAll(l, ",", " "), "%d %d %d %d %d %s", &st, &dts, &fl.pts, &fl.dur, &size, &fl.hash); err != nil {
			t.Fatalf("framemd5 line %q: %v", l, err)
		}
		out = append(out, fl)
	}
	return out
}

// TestFragmentedMatchesFaststart muxes the same coded clip as a faststart
// file and as fragmented MP4s (duration known and unknown): ffprobe reads
// the fragmented files without a word; ffmpeg decodes every video frame of
// each to the same pixels (framemd5) in the same order with the same
// durations, and the same PCM. ffmpeg ignores edit lists in fragmented
// files (see FragmentedMuxer), so the fragmented timestamps may start up
// to the reordering delay later, and the audio may carry the priming.
func TestFragmentedMatchesFaststart(t *testing.T) {
	t.Parallel()
	needTool(t, "ffmpeg")
	const frames = 150 // 5 s at 30 fps: IDR every 2 s
	c := encodePackets(t, VideoOptions{Width: 320, Height: 180}, frames, true)
	fast := c.faststart(t)
	pcm := func(path string) []byte { return ffmpegDecode(t, path, "-map", "0:a", "-f", "s16le") }
	wantV, wantA := framemd5(t, fast), pcm(fast)
	if len(wantV) != frames {
		t.Fatalf("faststart decodes to %d frames, want %d", len(wantV), frames)
	}
	for _, known := range []int{frames, 0} {
		t.Run(fmt.Sprintf("frames=%d", known), func(t *testing.T) {
			frag := writeTemp(t, "frag.mp4", c.fragmented(t, known))
			pr := ffprobe(t, frag) // fails on any warning
			if v, ok := pr.stream("video"); !ok || v.Width != 320 || v.ColorSpace != "bt709" {
				t.Errorf("ffprobe video stream %+v", v)
			}
			if _, ok := pr.stream("audio"); !ok {
				t.Error("ffprobe: no audio stream")
			}
			got := framemd5(t, frag)
			if len(got) != len(wantV) {
				t.Fatalf("fragmented file decodes to %d frames, faststart %d", len(got), len(wantV))
			}
			offset := got[0].pts - wantV[0].pts
			if offset < 0 || offset > 3 {
				t.Errorf("first picture at %d frames, faststart at %d", got[0].pts, wantV[0].pts)
			}
			for i := range got {
				if got[i].hash != wantV[i].hash || got[i].dur != wantV[i].dur || got[i].pts-wantV[i].pts != offset {
					t.Fatalf("frame %d: fragmented %+v, faststart %+v", i, got[i], wantV[i])
				}
			}
			a := pcm(frag)
			skip := aacPriming * 2 * 2 // s16 stereo
			switch {
			case bytes.Equal(a, wantA):
			case len(a) >= skip+len(wantA) && bytes.Equal(a[skip:skip+len(wantA)], wantA):
				t.Logf("ffmpeg played the %d priming samples and started the video %d frames late (edit lists ignored in a fragmented file)", aacPriming, offset)
			default:
				t.Errorf("audio: %d PCM bytes, faststart %d: not the same samples with or without the priming", len(a), len(wantA))
			}
		})
	}
}

// TestFragmentedBoxes checks the layout with go-mp4: ftyp, moov with mvex
// (mehd + one trex per track) and empty sample tables, then one moof+mdat
// per GOP whose first video sample is the IDR, sequence numbers counting
// from 1, decode times that continue exactly, and every sample accounted
// for.
func TestFragmentedBoxes(t *testing.T) {
	t.Parallel()
	const frames = 150
	c := encodePackets(t, VideoOptions{Width: 160, Height: 90}, frames, true)
	b := c.fragmented(t, frames)
	var top []string
	var seqs []uint32
	var firstFlags []uint32
	type run struct {
		track    uint32
		base     uint64
		count    int
		duration uint64
	}
	var runs []run
	trex := 0
	hasMehd := false
	_, err := mp4.ReadBoxStructure(bytes.NewReader(b), func(h *mp4.ReadHandle) (any, error) {
		if len(h.Path) == 1 {
			top = append(top, h.BoxInfo.Type.String())
		}
		switch h.BoxInfo.Type {
		case mp4.BoxTypeMoov(), mp4.BoxTypeMvex(), mp4.BoxTypeMoof(), mp4.BoxTypeTraf():
			return h.Expand()
		case mp4.BoxTypeTrex():
			trex++
		case mp4.BoxTypeMehd():
			box, _, err := h.ReadPayload()
			if err != nil {
				return nil, err
			}
			hasMehd = box.(*mp4.Mehd).GetFragmentDuration() == uint64(frames)*512 // 30 fps -> 15360/512
		case mp4.BoxTypeMfhd():
			box, _, err := h.ReadPayload()
			if err != nil {
				return nil, err
			}
			seqs = append(seqs, box.(*mp4.Mfhd).SequenceNumber)
		case mp4.BoxTypeTfhd():
			box, _, err := h.ReadPayload()
			if err != nil {
				return nil, err
			}
			runs = append(runs, run{track: box.(*mp4.Tfhd).TrackID})
		case mp4.BoxTypeTfdt():
			box, _, err := h.ReadPayload()
			if err != nil {
				return nil, err
			}
			runs[len(runs)-1].base = box.(*mp4.Tfdt).GetBaseMediaDecodeTime()
		case mp4.BoxTypeTrun():
			box, _, err := h.ReadPayload()
			if err != nil {
				return nil, err
			}
			r := box.(*mp4.Trun)
			cur := &runs[len(runs)-1]
			cur.count = int(r.SampleCount)
			for _, e := range r.Entries {
				if r.CheckFlag(0x000100) {
					cur.duration += uint64(e.SampleDuration)
				} else {
					cur.duration += 1024 // audio: tfhd default
				}
			}
			if r.CheckFlag(0x000400) {
				firstFlags = append(firstFlags, r.Entries[0].SampleFlags)
				for _, e := range r.Entries[1:] {
					if e.SampleFlags != nonSyncSampleFlags {
						t.Errorf("fragment %d: a non-first video sample has flags %#x", len(firstFlags), e.SampleFlags)
					}
				}
			}
		}
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ftyp", "moov"}
	for range c.keys {
		want = append(want, "moof", "mdat")
	}
	if fmt.Sprint(top) != fmt.Sprint(want) {
		t.Fatalf("top-level boxes %v, want %v (%d IDR pictures)", top, want, c.keys)
	}
	if trex != 2 || !hasMehd {
		t.Errorf("mvex: %d trex, mehd with the full duration %v", trex, hasMehd)
	}
	for i, s := range seqs {
		if s != uint32(i+1) {
			t.Fatalf("sequence numbers %v", seqs)
		}
	}
	for i, f := range firstFlags {
		if f != syncSampleFlags {
			t.Errorf("fragment %d starts with flags %#x, not a sync sample", i, f)
		}
	}

	next := map[uint32]uint64{}
	count := map[uint32]int{}
	for _, r := range runs {
		if r.base != next[r.track] {
			t.Errorf("track %d: fragment at decode time %d, want %d", r.track, r.base, next[r.track])
		}
		next[r.track] += r.duration
		count[r.track] += r.count
	}
	if count[videoTrackID] != frames || count[audioTrackID] != c.audio.Frames() {
		t.Errorf("samples: video %d, audio %d; want %d and %d", count[videoTrackID], count[audioTrackID], frames, c.audio.Frames())
	}
	if next[videoTrackID] != uint64(frames)*512 || next[audioTrackID] != uint64(c.audio.Frames())*1024 {
		t.Errorf("durations: video %d ticks, audio %d", next[videoTrackID], next[audioTrackID])
	}
}

// TestFragmentedSilent: no audio track gives a one-track fragmented MP4.
func TestFragmentedSilent(t *testing.T) {
	t.Parallel()
	c := encodePackets(t, VideoOptions{Width: 64, Height: 64}, 70, false)
	b := c.fragmented(t, 0)
	info, err := mp4.Probe(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Tracks) != 1 || len(info.Segments) != c.keys {
		t.Fatalf("%d tracks, %d fragments (want 1 and %d)", len(info.Tracks), len(info.Segments), c.keys)
	}
	if pr := ffprobe(t, writeTemp(t, "silent.mp4", b)); len(pr.Streams) != 1 {
		t.Errorf("ffprobe streams %+v", pr.Streams)
	}
}
