package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"net/http"

	"github.com/reelkit/reel/audio"
	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
)

// The studio's music lane: GET /me/musics/{id}/waveform answers a track's
// peaks and detected beats as JSON, computed once per track (a music id
// names fixed content) and kept. The id may be one of the caller's
// musics or a library track.

const (
	// waveformPeaksPerSecond is the resolution of the peaks: one per
	// 100 ms, enough for a lane a few thousand pixels wide.
	waveformPeaksPerSecond = 10
	// waveformMaxPeaks bounds the answer (about 30 minutes of track).
	waveformMaxPeaks = 18000
	// waveformMaxBytes bounds the track read into memory.
	waveformMaxBytes = 64 << 20
	// waveformCacheBytes bounds the waveforms kept.
	waveformCacheBytes = 8 << 20
)

// waveform is the body of GET /me/musics/{id}/waveform.
type waveform struct {
	// Duration is the track's length in seconds.
	Duration float64 `json:"duration"`
	// PeaksPerSecond is the rate of Peaks.
	PeaksPerSecond int `json:"peaks_per_second"`
	// Peaks are the largest absolute sample of each slice, 0..1, rounded
	// to three places.
	Peaks []float64 `json:"peaks"`
	// Tempo is the tracked tempo in beats per minute (0: none found).
	Tempo float64 `json:"tempo"`
	// Beats are the detected beats, seconds from the track's start.
	Beats []float64 `json:"beats"`
}

// waveformBytes is a waveform's weight in the cache.
func waveformBytes(w *waveform) int64 { return int64(8*(len(w.Peaks)+len(w.Beats)) + 64) }

// computeWaveform decodes track once for its peaks and once for its
// beats (audio.DetectBeats).
func computeWaveform(ctx context.Context, track []byte) (*waveform, error) {
	d, err := audio.NewDecoder(bytes.NewReader(track))
	if err != nil {
		return nil, err
	}
	rate := d.Info().SampleRate
	if rate <= 0 {
		return nil, errors.New("waveform: no sample rate")
	}
	per := max(1, rate/waveformPeaksPerSecond) * 2 // interleaved stereo samples per peak
	buf := make([]float32, per)
	w := &waveform{PeaksPerSecond: waveformPeaksPerSecond, Peaks: []float64{}, Beats: []float64{}}
	frames := 0
	for len(w.Peaks) < waveformMaxPeaks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := fill(d, buf)
		if n > 0 {
			var pk float32
			for _, s := range buf[:n] {
				pk = max(pk, s, -s)
			}
			w.Peaks = append(w.Peaks, math.Round(float64(min(pk, 1))*1000)/1000)
			frames += n / 2
		}
		if err != nil {
			break // io.EOF or a truncated file: the peaks so far
		}
	}
	w.Duration = round3(float64(frames) / float64(rate))
	beats, err := audio.DetectBeats(ctx, bytes.NewReader(track))
	if err == nil {
		w.Tempo = round3(beats.Tempo)
		for _, t := range beats.Times {
			w.Beats = append(w.Beats, round3(t))
		}
	} else if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return w, nil
}

// fill reads samples from d until buf is full or d ends (with its error).
func fill(d *audio.Decoder, buf []float32) (int, error) {
	n := 0
	for n < len(buf) {
		k, err := d.Read(buf[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// handleWaveform: GET /me/musics/{id}/waveform.
func (s *Server) handleWaveform(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	id := r.PathValue("id")
	key := u.ID + "\x00" + id
	if _, _, ok := s.library.Open(id); ok {
		key = "\x00lib\x00" + id // the same for every user
	}
	wf, ok := s.waveforms.get(key)
	if !ok {
		rc, err := s.assets.Resolver(u.ID).Open(r.Context(), engine.Asset{Kind: engine.KindMusic, AssetID: id})
		if err != nil {
			s.writeError(w, r, notFoundErr("music", err))
			return
		}
		track, err := io.ReadAll(io.LimitReader(rc, waveformMaxBytes))
		rc.Close()
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		wf, err = computeWaveform(r.Context(), track)
		if err != nil {
			if r.Context().Err() == nil {
				err = &httpx.Error{Status: http.StatusUnprocessableEntity, Message: "the music cannot be decoded: " + err.Error(), Err: err}
			}
			s.writeError(w, r, err)
			return
		}
		s.waveforms.put(key, wf)
	}
	w.Header().Set("Cache-Control", "private, max-age=3600")
	httpx.WriteJSON(w, http.StatusOK, wf)
}
