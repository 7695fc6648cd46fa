//go:build cgo

package encode

/*
#include <stdlib.h>
*/
import "C"

import (
	"context"
	"fmt"
	"sync"
	"unsafe"

	"github.com/gen2brain/aac-go/aacenc"
)

// aacFrame is the number of samples per channel in one AAC-LC access unit.
const aacFrame = 1024

// aacPriming is the VisualOn encoder's delay in samples: decoded audio
// lags the input by this much. It is removed by the audio edit list;
// TestAVSync checks that a click decodes within two samples of its source
// position.
const aacPriming = 1600

// aacLock serialises every use of the aacenc package, which keeps a single
// global encoder handle per process: two concurrent encodes would share
// (and corrupt) one encoder state.
var aacLock sync.Mutex

// EncodeAAC reads src to the end and encodes it as one AAC-LC stereo
// track (mono sources are duplicated to both channels). src is read ahead
// (about 3 s) by a goroutine of its own, outside the process-wide aacenc
// lock; the lock is taken once the first samples are ready and covers the
// encoder's work with its own C buffers. src is no longer used when
// EncodeAAC returns. The result is read-only and may be shared by any
// number of Writers.
func EncodeAAC(ctx context.Context, src PCMReader, o AudioOptions) (*AACTrack, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	asc, err := audioSpecificConfig(o.SampleRate, 2)
	if err != nil {
		return nil, err
	}
	t := &AACTrack{sampleRate: o.SampleRate, channels: 2, bitrate: o.Bitrate, asc: asc, priming: aacPriming}

	// The source (a music mix: decoding, resampling, limiting) is read
	// ahead by its own goroutine outside the lock, so the lock covers only
	// the encoder's own work and renders waiting for it are not held up by
	// another render's mixing.
	pr := startPCMReader(src, aacFrame*o.Channels)
	defer pr.stop()
	if err := pr.prime(ctx); err != nil {
		return nil, err
	}

	aacLock.Lock()
	defer aacLock.Unlock()
	if err := aacError(aacenc.Init(aacenc.VoAudioCodingAac)); err != nil {
		return nil, fmt.Errorf("encode: aac init: %w", err)
	}
	defer aacenc.Uninit()
	param := aacenc.Param{SampleRate: int32(o.SampleRate), BitRate: int32(o.Bitrate), NChannels: 2, AdtsUsed: 0}
	if err := aacError(aacenc.SetParam(aacenc.VoPidAacEncparam, unsafe.Pointer(&param))); err != nil {
		return nil, fmt.Errorf("encode: aac parameters: %w", err)
	}

	const inBytes = aacFrame * 2 * 2 // stereo int16
	const outBytes = 8192            // > 6144 bits * 2 channels / 8
	cin := C.malloc(inBytes)
	cout := C.malloc(outBytes)
	// The buffer descriptors are handed to C as unsafe.Pointer, so they
	// must not share an allocation with Go pointers: keep them in C too.
	cbufs := C.malloc(C.size_t(2 * unsafe.Sizeof(aacenc.VoCodecBuffer{})))
	cinfo := C.malloc(C.size_t(unsafe.Sizeof(aacenc.VoAudioOutputinfo{})))
	defer func() {
		C.free(cin)
		C.free(cout)
		C.free(cbufs)
		C.free(cinfo)
	}()
	stereo := unsafe.Slice((*int16)(cin), aacFrame*2)
	bufs := unsafe.Slice((*aacenc.VoCodecBuffer)(cbufs), 2)
	info := (*aacenc.VoAudioOutputinfo)(cinfo)
	out := unsafe.Slice((*byte)(cout), outBytes)

	var pcm []int16
	eof := false
	var real int64
	for !eof || int64(len(t.sizes))*aacFrame < real+aacPriming {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := 0
		if !eof {
			pcm, err = pr.next(ctx)
			if err != nil {
				return nil, fmt.Errorf("encode: reading PCM: %w", err)
			}
			n = len(pcm)
			eof = n < aacFrame*o.Channels
			n -= n % o.Channels
		}
		frames := n / o.Channels
		real += int64(frames)
		for i := range aacFrame {
			var l, r int16
			if i < frames {
				if o.Channels == 1 {
					l, r = pcm[i], pcm[i]
				} else {
					l, r = pcm[2*i], pcm[2*i+1]
				}
			}
			stereo[2*i], stereo[2*i+1] = l, r
		}
		if eof && real == 0 {
			return nil, ErrNoAudio
		}
		bufs[0] = aacenc.VoCodecBuffer{Buffer: cin, Length: inBytes}
		if err := aacError(aacenc.SetInputData(&bufs[0])); err != nil {
			return nil, fmt.Errorf("encode: aac input: %w", err)
		}
		bufs[1] = aacenc.VoCodecBuffer{Buffer: cout, Length: outBytes}
		if err := aacError(aacenc.GetOutputData(&bufs[1], info)); err != nil {
			return nil, fmt.Errorf("encode: aac frame %d: %w", len(t.sizes), err)
		}
		size := int(uint32(bufs[1].Length)) // VO_U32 in C
		if size <= 0 || size > outBytes {
			return nil, fmt.Errorf("encode: aac frame %d has %d bytes", len(t.sizes), size)
		}
		t.data = append(t.data, out[:size]...)
		t.sizes = append(t.sizes, uint32(size))
	}
	t.samples = real
	return t, nil
}

// aacError maps a VisualOn result code to an error (nil on success).
func aacError(code uint) error {
	if code == aacenc.VoErrNone {
		return nil
	}
	if err := aacenc.ErrorFromResult(code); err != nil {
		return err
	}
	return fmt.Errorf("aacenc error 0x%x", code)
}
