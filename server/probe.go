package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/reelkit/reel/audio"
	"github.com/reelkit/reel/server/internal/httpx"
)

// audioInfo is what an upload needs to know about a track.
type audioInfo struct {
	ContentType string
	Duration    float64
	Title       string
	Artist      string
}

// minMusicSeconds is the shortest track accepted: the engine will not loop
// anything shorter under a video, so such a file could never be used.
const minMusicSeconds = 0.1

var errUnsupportedAudio = httpx.Errorf(http.StatusUnsupportedMediaType, "unsupported music type: upload MP3 or WAV")

// probeAudio identifies an MP3 or WAV file from its bytes (audio.Probe:
// headers, frame scan, ID3 title and artist) and returns its duration.
func probeAudio(b []byte) (*audioInfo, error) {
	return probeAudioFile(bytes.NewReader(b), b)
}

// probeAudioFile is probeAudio of a seekable file whose first bytes are
// head: nothing is read into memory whole.
func probeAudioFile(r io.ReadSeeker, head []byte) (*audioInfo, error) {
	info, err := audio.Probe(r)
	if err != nil {
		if !looksLikeAudio(head) || errors.Is(err, audio.ErrUnsupported) {
			return nil, &httpx.Error{Status: http.StatusUnsupportedMediaType, Message: errUnsupportedAudio.Message, Err: err}
		}
		return nil, corrupt("audio", err)
	}
	if info.Duration <= 0 {
		return nil, corrupt("audio", errors.New("no audio"))
	}
	if info.Duration < minMusicSeconds {
		return nil, &httpx.Error{Status: http.StatusBadRequest,
			Message: fmt.Sprintf("music too short: %.3f s (truncated?); at least %v s is needed", info.Duration, minMusicSeconds)}
	}
	ct := "audio/mpeg"
	if info.Format == "wav" {
		ct = "audio/wav"
	}
	return &audioInfo{ContentType: ct, Duration: info.Duration, Title: info.Title, Artist: info.Artist}, nil
}

func corrupt(kind string, err error) error {
	return &httpx.Error{Status: http.StatusBadRequest, Message: fmt.Sprintf("corrupt or unreadable %s file", kind), Err: err}
}
