package clip

import "github.com/reelkit/reel/compose/clip/internal/openh264"

// h264Lib is H.264 through Cisco's OpenH264, loaded at run time.
func h264Lib() codecLib {
	return codecLib{codec: "h264", library: "Cisco's OpenH264 (libopenh264.so.7)", pkg: "libopenh264-7", load: loadOpenH264}
}

// loadOpenH264 loads OpenH264 (once per process, inside the binding).
func loadOpenH264() (decoderLib, error) {
	l, err := openh264.Load()
	if err != nil {
		return nil, err
	}
	return h264Binding{l}, nil
}

// h264Binding adapts the openh264 package to decoderLib.
type h264Binding struct{ l *openh264.Lib }

func (b h264Binding) Version() string { return b.l.Version() }
func (b h264Binding) Path() string    { return b.l.Path() }
func (b h264Binding) newDecoder(config []byte) (videoDecoder, error) {
	d, err := b.l.NewDecoder(config)
	if err != nil {
		return nil, err
	}
	return h264Decoder{d}, nil
}

// h264Decoder adapts an openh264.Decoder to videoDecoder.
type h264Decoder struct{ d *openh264.Decoder }

func (d h264Decoder) Decode(au []byte, pts int64) ([]picture, error) {
	p, err := d.d.Decode(au, pts)
	return h264Pictures(p), err
}

func (d h264Decoder) Flush() ([]picture, error) {
	p, err := d.d.Flush()
	return h264Pictures(p), err
}

func (d h264Decoder) Close() { d.d.Close() }

func (d h264Decoder) setHalve() { d.d.SetHalve(true) }

func (d h264Decoder) reuse(p picture) { d.d.Reuse(openh264.Picture{Y: p.y}) }

func h264Pictures(ps []openh264.Picture) []picture {
	out := make([]picture, len(ps))
	for i, p := range ps {
		out[i] = picture{pts: p.PTS, width: p.Width, height: p.Height, bitDepth: p.BitDepth,
			y: p.Y, cb: p.Cb, cr: p.Cr, y16: p.Y16, cb16: p.Cb16, cr16: p.Cr16, yStride: p.YStride, cStride: p.CStride}
	}
	return out
}
