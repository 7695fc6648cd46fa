package encode

import (
	"context"
	"sync"
)

// pcmAheadFrames is how many AAC frames (of 1024 samples per channel) the
// read-ahead goroutine holds per block, and pcmAheadBlocks how many blocks
// may wait: about 3 s of 44.1 kHz audio, 512 kB of stereo samples.
const (
	pcmAheadFrames = 32
	pcmAheadBlocks = 4
)

// pcmBlock is up to pcmAheadFrames frames read from the source, each by
// readFull; the last one may be short (the end) or carry an error.
type pcmBlock struct {
	buf    []int16
	counts []int
	err    error
}

// pcmReader reads a PCMReader ahead in its own goroutine, frame by frame,
// exactly as readFull would: frames come back in order, a short frame
// marks the end, and nothing is read after it or after an error.
type pcmReader struct {
	blocks chan *pcmBlock
	free   chan *pcmBlock
	quit   chan struct{}
	wg     sync.WaitGroup

	cur *pcmBlock // block being handed out (nil: take the next one)
	i   int
}

func startPCMReader(src PCMReader, frame int) *pcmReader {
	r := &pcmReader{
		blocks: make(chan *pcmBlock, pcmAheadBlocks),
		free:   make(chan *pcmBlock, pcmAheadBlocks+2),
		quit:   make(chan struct{}),
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer close(r.blocks)
		for {
			var b *pcmBlock
			select {
			case b = <-r.free:
			default:
				b = &pcmBlock{buf: make([]int16, pcmAheadFrames*frame)}
			}
			b.counts, b.err = b.counts[:0], nil
			last := false
			for k := 0; k < pcmAheadFrames && !last; k++ {
				n, err := readFull(src, b.buf[k*frame:(k+1)*frame])
				b.counts = append(b.counts, n)
				b.err = err
				last = err != nil || n < frame
			}
			select {
			case r.blocks <- b:
			case <-r.quit:
				return
			}
			if last {
				return
			}
		}
	}()
	return r
}

// prime waits for the first block, so that the encoder lock is not taken
// (and held) while the source is still getting ready.
func (r *pcmReader) prime(ctx context.Context) error {
	if r.cur != nil {
		return nil
	}
	select {
	case b, ok := <-r.blocks:
		if ok {
			r.cur, r.i = b, 0
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// next returns the next frame's samples (valid until the following call):
// fewer than a frame at the end, then no more calls are allowed.
func (r *pcmReader) next(ctx context.Context) ([]int16, error) {
	if r.cur != nil && r.i >= len(r.cur.counts) {
		select {
		case r.free <- r.cur:
		default:
		}
		r.cur = nil
	}
	if r.cur == nil {
		select {
		case b, ok := <-r.blocks:
			if !ok {
				// Only after the end or an error, which stop the caller.
				return nil, nil
			}
			r.cur, r.i = b, 0
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	b, k := r.cur, r.i
	r.i++
	frame := len(b.buf) / pcmAheadFrames
	out := b.buf[k*frame : k*frame+b.counts[k]]
	if k == len(b.counts)-1 && b.err != nil {
		return out, b.err
	}
	return out, nil
}

// stop ends the read-ahead goroutine and waits for it, so that the source
// is no longer in use when EncodeAAC returns.
func (r *pcmReader) stop() {
	close(r.quit)
	r.wg.Wait()
}
