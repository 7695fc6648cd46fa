package audio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// Cue places one music track on the video timeline.
type Cue struct {
	// Open returns a fresh reader of the track (MP3 or WAV) from its start.
	// It is called once to probe and once per pass of the loudness
	// measurement (a looped track is re-opened for each repetition), so the
	// track is never held in memory decoded. The measured pre-gain mix is
	// kept in an unlinked temporary file for the output pass; only when no
	// temporary file can be made (or with SkipLoudness) is it called again
	// for the output pass.
	Open func() (io.ReadSeekCloser, error)
	// Start and End are seconds on the video timeline. End 0 means the end
	// of the video; Start 0 and End 0 cover the whole video. The track
	// plays from Offset (its own beginning by default): it is trimmed at End
	// when longer, looped when shorter. Loop passes start exactly one track length apart
	// (the period is the source's, so a rhythmic loop never drifts: pass k
	// starts at Start + round(k*samples*rate/sourceRate)); at each seam the
	// outgoing pass fades out over its last LoopCrossfade seconds (the fade
	// is taken from its tail, not from the period) and the next pass fades
	// in over its first 2 ms, so the splice never steps.
	Start, End float64
	// Offset is the time into the track, in seconds, where its first pass
	// starts (a skipped intro); 0 plays it from its beginning. It is cut
	// sample-accurately (the skipped part is decoded and discarded) and
	// must be >= 0 and shorter than the track (else NewMix fails with an *[OffsetError]). Loop passes after the first
	// start from the track's beginning again, on the same grid as if the
	// track had started Offset seconds before Start: pass k >= 1 starts at
	// Start + round((k*samples - offsetSamples)*rate/sourceRate).
	Offset float64
}

// MixOptions configures a Mix. Zero values select the defaults.
type MixOptions struct {
	SampleRate    int     // output rate in Hz; default 44100
	Duration      float64 // seconds of video; required (> 0). Output is round(Duration*SampleRate) frames
	FadeIn        float64 // seconds of fade at each cue's start; default 1, negative = none
	FadeOut       float64 // seconds of fade at each cue's end (the video's end included); default 2, negative = none
	LoopCrossfade float64 // seconds of the loop seam's tail fade (see [Cue]); default 0.02
	TargetLUFS    float64 // integrated loudness of the output (BS.1770-4); default -16
	CeilingDB     float64 // true-peak ceiling of the limiter in dBTP (BS.1770-4 Annex 2); default [DefaultCeilingDB]
	SkipLoudness  bool    // no measurement pass: unity gain (the limiter still runs)
	// Clips are video clips' sounds mixed over the music (and measured with
	// it for the loudness normalisation). None: the mix is exactly what it
	// is without this field.
	Clips []ClipSound
	// Ducking lowers the music under the clips' sound; zero value: the
	// defaults (12 dB, 150 ms attack, 600 ms release). See [Ducking].
	Ducking Ducking
}

// DefaultCeilingDB is the limiter's default true-peak ceiling (dBTP). It
// sits 0.5 dB under the -1 dBTP of delivery specs (EBU R 128 streaming,
// Apple, YouTube): the AAC encoder's quantisation adds overshoot, and the
// encoded track must still measure <= -1 dBTP (checked by the engine's
// ffmpeg ebur128 test on every style; see the package doc).
const DefaultCeilingDB = -1.5

// MaxGainDB bounds the loudness normalisation gain, so that a nearly silent
// track is not raised into noise.
const MaxGainDB = 24

// maxMixSeconds is the longest accepted Duration.
const maxMixSeconds = 24 * 3600

// minLoopTrack is the shortest track that may be looped, in seconds.
const minLoopTrack = 0.1

func (o *MixOptions) defaults() error {
	if o.SampleRate == 0 {
		o.SampleRate = 44100
	}
	if o.FadeIn == 0 {
		o.FadeIn = 1
	}
	if o.FadeOut == 0 {
		o.FadeOut = 2
	}
	if o.LoopCrossfade <= 0 {
		o.LoopCrossfade = 0.02
	}
	if err := o.Ducking.defaults(); err != nil {
		return err
	}
	if o.TargetLUFS == 0 {
		o.TargetLUFS = -16
	}
	if o.CeilingDB == 0 {
		o.CeilingDB = DefaultCeilingDB
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"fade in", o.FadeIn}, {"fade out", o.FadeOut}, {"loop crossfade", o.LoopCrossfade}, {"target loudness", o.TargetLUFS}, {"ceiling", o.CeilingDB}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return fmt.Errorf("audio: mix: %s %v is not a finite number", f.name, f.v)
		}
	}
	switch {
	case o.SampleRate < 8000 || o.SampleRate > 192000:
		return fmt.Errorf("audio: mix: sample rate %d Hz out of range 8000..192000", o.SampleRate)
	case !(o.Duration > 0) || o.Duration > maxMixSeconds:
		return fmt.Errorf("audio: mix: duration %v s out of range (0, %d]", o.Duration, maxMixSeconds)
	case o.CeilingDB > 0 || math.IsNaN(o.CeilingDB):
		return fmt.Errorf("audio: mix: ceiling %v dBFS above full scale", o.CeilingDB)
	case math.IsNaN(o.TargetLUFS) || o.TargetLUFS > 0:
		return fmt.Errorf("audio: mix: target loudness %v LUFS", o.TargetLUFS)
	}
	return nil
}

// Mix is the finished sound track: a stream of interleaved 16-bit stereo
// PCM of exactly round(Duration*SampleRate) frames. It satisfies the
// encoder's PCMReader. A Mix is not safe for concurrent use.
type Mix struct {
	ctx      context.Context
	opts     MixOptions
	out      source
	r        *renderer // output pass re-rendering the tracks, or nil
	sp       *spool    // output pass reading the measured pass back, or nil
	total    int64
	buf      []float32
	gainDB   float64
	measured float64
	done     bool
	err      error
}

// NewMix plans the cues, measures the loudness of the mix in a first
// streaming pass (unless SkipLoudness; the pre-gain mix is spooled to an
// unlinked temporary file, 8 bytes a stereo frame, so that the tracks are
// decoded once) and returns the output stream with
// the normalisation gain and the limiter applied. Problems with a track
// (unreadable, not audio, ...) are reported here, wrapped with the cue's
// index; ctx bounds this pass and every later ReadPCM.
func NewMix(ctx context.Context, cues []Cue, o MixOptions) (*Mix, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	cp, err := planCues(cues, o)
	if err != nil {
		return nil, err
	}
	plan := mixPlan{cues: cp}
	if len(o.Clips) > 0 {
		if plan.clips, plan.duck, err = planClips(ctx, o, totalFrames(o)); err != nil {
			return nil, err
		}
	}
	m := &Mix{ctx: ctx, opts: o, measured: math.Inf(-1), buf: make([]float32, 2*1024)}
	gain := 1.0
	if !o.SkipLoudness {
		lufs, sp, err := measureSpooled(ctx, plan, o)
		if err != nil {
			return nil, err
		}
		m.sp = sp
		m.measured = lufs
		if !math.IsInf(lufs, -1) {
			m.gainDB = min(MaxGainDB, o.TargetLUFS-lufs)
			gain = math.Pow(10, m.gainDB/20)
		}
	}
	if m.sp != nil {
		m.sp.gain = float32(gain)
		m.total = m.sp.total
		m.out = newLimiter(m.sp, o.SampleRate, o.CeilingDB)
		return m, nil
	}
	m.r = newRenderer(plan, o)
	m.r.gain = float32(gain)
	m.total = m.r.total
	m.out = newLimiter(m.r, o.SampleRate, o.CeilingDB)
	return m, nil
}

// mixPlan is everything a renderer plays: music cues, clip sounds and the
// music's ducking envelope (nil: none).
type mixPlan struct {
	cues  []cuePlan
	clips []clipPlan
	duck  *duckEnv
}

// totalFrames is the mix's length in frames.
func totalFrames(o MixOptions) int64 { return int64(math.Round(o.Duration * float64(o.SampleRate))) }

// measure renders the mix at unity gain through a loudness meter.
func measure(ctx context.Context, plan mixPlan, o MixOptions) (float64, error) {
	r := newRenderer(plan, o)
	defer r.close()
	meter := NewLoudnessMeter(o.SampleRate)
	buf := make([]float32, 2*4096)
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		n, err := r.Read(buf)
		meter.Write(buf[:n])
		if err == io.EOF {
			return meter.Integrated(), nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// Frames returns the number of stereo frames the Mix delivers.
func (m *Mix) Frames() int64 { return m.total }

// Loudness returns the measured integrated loudness of the mix before
// normalisation (LUFS; -Inf when silent or not measured) and the gain
// applied (dB).
func (m *Mix) Loudness() (measured, gainDB float64) { return m.measured, m.gainDB }

// ReadPCM fills p with interleaved stereo int16 samples (an even count) and
// returns io.EOF after the last frame. It satisfies encode.PCMReader.
func (m *Mix) ReadPCM(p []int16) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	if m.done {
		return 0, io.EOF
	}
	if len(p) < 2 {
		return 0, io.ErrShortBuffer
	}
	if err := m.ctx.Err(); err != nil {
		m.fail(err)
		return 0, err
	}
	want := min(len(p)&^1, len(m.buf))
	n, err := m.out.Read(m.buf[:want])
	for i, v := range m.buf[:n] {
		p[i] = int16(math.Round(float64(max(-1, min(1, v)) * 32767)))
	}
	if err == io.EOF {
		m.done = true
		m.release()
		if n > 0 {
			return n, nil
		}
		return 0, io.EOF
	}
	if err != nil {
		m.fail(err)
	}
	return n, err
}

func (m *Mix) fail(err error) {
	m.err = err
	m.release()
}

// release closes the tracks or the spool file of the output pass.
func (m *Mix) release() {
	if m.r != nil {
		m.r.close()
	}
	if m.sp != nil {
		m.sp.close()
	}
}

// Close releases the tracks still open (when the consumer stops early).
func (m *Mix) Close() error {
	m.release()
	if m.err == nil {
		m.err = errors.New("audio: mix closed")
	}
	return nil
}

// cuePlan is a cue resolved to timeline frames.
type cuePlan struct {
	cue             Cue
	index           int
	s, e            int64
	fadeIn, fadeOut int64
	trackLen, xfade int64
	// srcSamples and srcRate are the track's length and rate at its own
	// rate: loop passes start at s + round(k*srcSamples*rate/srcRate).
	srcSamples int64
	srcRate    int
	// offSrc and offOut are the first pass's offset into the track, in
	// source frames and in output frames.
	offSrc, offOut int64
}

// planCues validates the cues, probes their tracks and resolves frames,
// fades, loop seams and crossfades between overlapping cues.
func planCues(cues []Cue, o MixOptions) ([]cuePlan, error) {
	rate := float64(o.SampleRate)
	total := int64(math.Round(o.Duration * rate))
	// Seconds are clamped before conversion: a time far past the video
	// (1e300 from a JSON project) must not overflow int64.
	frames := func(sec float64) int64 { return int64(math.Round(min(max(0, sec), 2*maxMixSeconds) * rate)) }
	var plan []cuePlan
	for i, c := range cues {
		if c.Open == nil {
			return nil, fmt.Errorf("audio: cue %d: no Open function", i)
		}
		if c.Offset < 0 || math.IsNaN(c.Offset) || math.IsInf(c.Offset, 0) {
			return nil, fmt.Errorf("audio: cue %d: invalid offset %v s", i, c.Offset)
		}
		if c.Start < 0 || c.End < 0 || math.IsNaN(c.Start) || math.IsNaN(c.End) || math.IsInf(c.Start, 0) || math.IsInf(c.End, 0) || (c.End != 0 && c.End <= c.Start) {
			return nil, fmt.Errorf("audio: cue %d: invalid span %v..%v s", i, c.Start, c.End)
		}
		p := cuePlan{cue: c, index: i, s: frames(c.Start), e: total}
		if c.End != 0 {
			p.e = min(total, frames(c.End))
		}
		if p.s >= p.e {
			continue // starts after the video ends
		}
		info, err := probeCue(c)
		if err != nil {
			return nil, fmt.Errorf("audio: cue %d: %w", i, err)
		}
		p.trackLen = (info.Samples*int64(o.SampleRate) + int64(info.SampleRate) - 1) / int64(info.SampleRate)
		p.srcSamples, p.srcRate = info.Samples, info.SampleRate
		if c.Offset > 0 {
			p.offSrc = int64(math.Round(c.Offset * float64(info.SampleRate)))
			if p.offSrc >= info.Samples {
				return nil, &OffsetError{Cue: i, Offset: c.Offset, Duration: info.Duration}
			}
			p.offOut = (p.offSrc*int64(o.SampleRate) + int64(info.SampleRate)/2) / int64(info.SampleRate)
		}
		if p.trackLen-p.offOut < p.e-p.s {
			if float64(p.trackLen) < minLoopTrack*rate {
				return nil, fmt.Errorf("audio: cue %d: track of %.3f s is too short to loop (minimum %v s)", i, info.Duration, minLoopTrack)
			}
			p.xfade = min(frames(o.LoopCrossfade), p.trackLen/4)
		}
		p.fadeIn, p.fadeOut = frames(o.FadeIn), frames(o.FadeOut)
		plan = append(plan, p)
	}
	sort.SliceStable(plan, func(a, b int) bool { return plan[a].s < plan[b].s })
	for i := 0; i+1 < len(plan); i++ {
		a, b := &plan[i], &plan[i+1]
		if a.s < b.s && b.s < a.e && a.e <= b.e { // overlap: crossfade across it (never shorter than the fades)
			a.fadeOut, b.fadeIn = max(a.fadeOut, a.e-b.s), max(b.fadeIn, a.e-b.s)
		}
	}
	for i := range plan {
		p := &plan[i]
		if n := p.e - p.s; p.fadeIn+p.fadeOut > n {
			in := p.fadeIn * n / (p.fadeIn + p.fadeOut)
			p.fadeIn, p.fadeOut = in, n-in
		}
	}
	return plan, nil
}

func probeCue(c Cue) (Info, error) {
	rc, err := c.Open()
	if err != nil {
		return Info{}, fmt.Errorf("open: %w", err)
	}
	defer rc.Close()
	return Probe(rc)
}

// renderer streams the pre-limiter mix: every music voice summed (under
// the ducking envelope when there is one), plus every clip voice, times
// gain.
type renderer struct {
	voices []*voice
	clips  []*clipVoice
	duck   *duckEnv
	pos    int64
	total  int64
	gain   float32
}

const renderBlock = 1024

func newRenderer(plan mixPlan, o MixOptions) *renderer {
	r := &renderer{total: totalFrames(o), gain: 1}
	for _, p := range plan.clips {
		r.clips = append(r.clips, &clipVoice{p: p, rate: o.SampleRate})
	}
	if plan.duck != nil {
		d := *plan.duck // each renderer walks its own copy
		r.duck = &d
	}
	for _, p := range plan.cues {
		v := &voice{
			cue: p.cue, index: p.index, rate: o.SampleRate,
			s: p.s, e: p.e, fadeIn: p.fadeIn, fadeOut: p.fadeOut,
			trackLen: p.trackLen, xfade: p.xfade, next: p.s,
			srcSamples: p.srcSamples, srcRate: p.srcRate,
			offSrc: p.offSrc, offOut: p.offOut,
		}
		r.voices = append(r.voices, v)
	}
	return r
}

// Read implements source.
func (r *renderer) Read(p []float32) (int, error) {
	if r.pos >= r.total {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)/2), r.total-r.pos, renderBlock))
	out := p[:2*n]
	clear(out)
	for _, v := range r.voices {
		if err := v.render(out, r.pos, n); err != nil {
			return 0, err
		}
	}
	if r.duck != nil {
		r.duck.apply(out, r.pos)
	}
	for _, v := range r.clips {
		if err := v.render(out, r.pos, n); err != nil {
			return 0, err
		}
	}
	if r.gain != 1 {
		for i := range out {
			out[i] *= r.gain
		}
	}
	r.pos += int64(n)
	return 2 * n, nil
}

func (r *renderer) close() {
	for _, v := range r.voices {
		v.close()
	}
	for _, v := range r.clips {
		v.close()
	}
}
