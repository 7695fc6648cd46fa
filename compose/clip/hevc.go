package clip

import "github.com/reelkit/reel/compose/clip/internal/de265"

// hevcLib is HEVC through libde265, loaded at run time.
func hevcLib() codecLib {
	return codecLib{codec: "hevc", library: "libde265 (libde265.so.0)", pkg: "libde265-0", load: loadDe265}
}

// loadDe265 loads libde265 (once per process, inside the binding).
func loadDe265() (decoderLib, error) {
	l, err := de265.Load()
	if err != nil {
		return nil, err
	}
	return hevcBinding{l}, nil
}

// hevcBinding adapts the de265 package to decoderLib.
type hevcBinding struct{ l *de265.Lib }

func (b hevcBinding) Version() string { return b.l.Version() }
func (b hevcBinding) Path() string    { return b.l.Path() }
func (b hevcBinding) newDecoder(config []byte) (videoDecoder, error) {
	d, err := b.l.NewDecoder(config)
	if err != nil {
		return nil, err
	}
	return hevcDecoder{d}, nil
}

// hevcDecoder adapts an de265.Decoder to videoDecoder.
type hevcDecoder struct{ d *de265.Decoder }

func (d hevcDecoder) Decode(au []byte, pts int64) ([]picture, error) {
	p, err := d.d.Decode(au, pts)
	return hevcPictures(p), err
}

func (d hevcDecoder) Flush() ([]picture, error) {
	p, err := d.d.Flush()
	return hevcPictures(p), err
}

func (d hevcDecoder) Close() { d.d.Close() }

func (d hevcDecoder) setHalve() { d.d.SetHalve(true) }

func (d hevcDecoder) reuse(p picture) { d.d.Reuse(de265.Picture{Y: p.y, Y16: p.y16}) }

func hevcPictures(ps []de265.Picture) []picture {
	out := make([]picture, len(ps))
	for i, p := range ps {
		out[i] = picture{pts: p.PTS, width: p.Width, height: p.Height, bitDepth: p.BitDepth,
			y: p.Y, cb: p.Cb, cr: p.Cr, y16: p.Y16, cb16: p.Cb16, cr16: p.Cr16, yStride: p.YStride, cStride: p.CStride}
	}
	return out
}
