package engine

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/reelkit/reel/styles"
)

// clickWAV writes a mono 16-bit 44.1 kHz WAV of secs seconds with a click
// (3 ms decaying 2 kHz burst) every 60/bpm s from offset; it returns the
// click times.
func clickWAV(t *testing.T, path string, bpm, offset, secs float64) []float64 {
	t.Helper()
	const rate = 44100
	s := make([]int16, int(secs*rate))
	var clicks []float64
	for c := offset; c < secs-0.01; c += 60 / bpm {
		clicks = append(clicks, c)
		i0 := int(math.Round(c * rate))
		for i := 0; i < rate*3/1000 && i0+i < len(s); i++ {
			s[i0+i] = int16(20000 * math.Exp(-float64(i)/40) * math.Sin(2*math.Pi*2000*float64(i)/rate))
		}
	}
	b := make([]byte, 44+2*len(s))
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+2*len(s)))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], rate)
	binary.LittleEndian.PutUint32(b[28:], 2*rate)
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(2*len(s)))
	for i, v := range s {
		binary.LittleEndian.PutUint16(b[44+2*i:], uint16(v))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return clicks
}

// syncedPlan validates p, keeps the unsynced plan's shape, and applies
// beat sync as Render does.
func syncedPlan(t *testing.T, p *Project, r Resolver) (synced, plain *Plan) {
	t.Helper()
	o := Options{Styles: styles.Builtin()}
	var err error
	if plain, err = Validate(context.Background(), p, r, o); err != nil {
		t.Fatal(err)
	}
	if synced, err = Validate(context.Background(), p, r, o); err != nil {
		t.Fatal(err)
	}
	if err := applyBeatSync(context.Background(), synced, r, nil); err != nil {
		t.Fatal(err)
	}
	return synced, plain
}

// checkCuts asserts every cut (the middle of a transition window) of pl
// whose incoming slide is not pinned lies within one frame of a beat, and
// that the video's length is the unsynced plan's.
func checkCuts(t *testing.T, pl, plain *Plan, beats []float64) {
	t.Helper()
	fps := pl.FrameRate.Float()
	if pl.Frames != plain.Frames {
		t.Errorf("synced video has %d frames, unsynced %d", pl.Frames, plain.Frames)
	}
	moved := 0
	for i, w := range pl.Transitions {
		cut := (float64(w.StartFrame) + float64(w.Len())/2) / fps
		if pl.Slides[i+1].pinned {
			continue
		}
		d := math.Inf(1)
		for _, b := range beats {
			d = min(d, math.Abs(b-cut))
		}
		if w != plain.Transitions[i] {
			moved++
		}
		t.Logf("cut %d (%s -> %s) at %.3f s (unsynced %.3f s): %.1f ms from a beat", i, pl.Slides[i].Kind, pl.Slides[i+1].Kind,
			cut, (float64(plain.Transitions[i].StartFrame)+float64(plain.Transitions[i].Len())/2)/fps, 1000*d)
		if d > 1/fps {
			t.Errorf("cut %d at %.3f s is %.1f ms from the nearest beat, want <= one frame (%.1f ms)", i, cut, 1000*d, 1000/fps)
		}
	}
	if moved == 0 {
		t.Errorf("no cut moved: the test proves nothing")
	}
	if hold := float64(pl.Slides[1].StartFrame)/fps - settleTime(pl.Style, pl.Slides[0], pl.Seconds(pl.Slides[0].Frames)); hold < minTitleHold-1e-9 {
		t.Errorf("title at full strength for %.3f s after sync, want >= %v", hold, minTitleHold)
	}
}

// checkSlideBeats asserts every compose slide of pl carries the beats
// that fall while it shows, in its own time, each within a frame of a
// click, and at least one beat a second on average over the video.
func checkSlideBeats(t *testing.T, pl *Plan, clicks []float64) {
	t.Helper()
	fps := pl.FrameRate.Float()
	n := 0
	for i, cs := range composeSlides(pl) {
		t0 := pl.Seconds(pl.Slides[i].StartFrame)
		for j, b := range cs.Beats {
			if b < 0 || b >= cs.Duration || (j > 0 && b <= cs.Beats[j-1]) {
				t.Fatalf("slide %d: beats %v outside [0, %v) or not ascending", i, cs.Beats, cs.Duration)
			}
			d := math.Inf(1)
			for _, c := range clicks {
				d = min(d, math.Abs(c-(t0+b)))
			}
			if d > 1/fps {
				t.Errorf("slide %d: beat at %.3f s is %.1f ms from a click", i, t0+b, 1000*d)
			}
		}
		n += len(cs.Beats)
	}
	if float64(n) < pl.Duration()-2 {
		t.Errorf("%d beats handed to slides over %.1f s", n, pl.Duration())
	}
}

// TestBeatSyncClicks: in bold (beat_sync on), click tracks at 90, 120 and
// 128 bpm put every cut within one frame of a click; a slide with a
// start_time keeps it exactly; the video's length does not change; the
// slides carry the beats (for word-by-word captions).
func TestBeatSyncClicks(t *testing.T) {
	t.Parallel()
	for _, bpm := range []float64{90, 120, 128} {
		dir := t.TempDir()
		clicks := clickWAV(t, filepath.Join(dir, "click.wav"), bpm, 0.21, 40)
		text := func(title string) Asset { return Asset{Kind: KindText, Data: AssetData{Title: title, Text: "beat"}} }
		pinned := text("pinned")
		pinned.Start, pinned.End = 14*time.Second, 17*time.Second
		p := &Project{Name: "Clicks", Style: "bold", Assets: []Asset{
			text("one"), {Kind: KindImage, AssetID: "../../testdata/photos/01.jpg"}, text("three"), pinned, text("five"),
			{Kind: KindMusic, AssetID: "click.wav"},
		}, Credit: []Credit{{"Clicks", "reel"}}}
		pl, plain := syncedPlan(t, p, &FileResolver{Dir: dir})
		t.Logf("%v bpm", bpm)
		checkCuts(t, pl, plain, clicks)
		checkSlideBeats(t, pl, clicks)
		if got := pl.Slides[4].StartFrame; got != 14*30 || !pl.Slides[4].pinned {
			t.Errorf("pinned slide starts at frame %d, want %d", got, 14*30)
		}
	}
}

// TestBeatSyncMusic: in memories (beat_sync on) over demo.mp3, a real
// track of plucked chords every 2 s, every cut lands within one frame of
// a chord.
func TestBeatSyncMusic(t *testing.T) {
	t.Parallel()
	p := &Project{Name: "Chords", Style: "memories", Assets: []Asset{
		{Kind: KindImage, AssetID: "photos/01.jpg"}, {Kind: KindImage, AssetID: "photos/02.jpg"},
		{Kind: KindText, Data: AssetData{Title: "Between", Text: "two photos"}}, {Kind: KindImage, AssetID: "photos/03.jpg"},
		{Kind: KindMusic, AssetID: "music/demo.mp3"},
	}}
	pl, plain := syncedPlan(t, p, testResolver())
	var chords []float64
	for c := 0.0; c < 32; c += 2 {
		chords = append(chords, c)
	}
	checkCuts(t, pl, plain, chords)
}
