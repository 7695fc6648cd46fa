package openh264

import "fmt"

// probeStream is one 32x32 Baseline IDR picture of a flat colour
// (x264, SEI removed), in Annex B form: SPS, PPS, IDR slice.
var probeStream = []byte{
	0x00, 0x00, 0x00, 0x01, 0x67, 0x42, 0xc0, 0x0a, 0xd9, 0x09, 0x6c, 0x04, 0x40, 0x00, 0x00, 0x03,
	0x00, 0x40, 0x00, 0x00, 0x0c, 0x83, 0xc4, 0x89, 0x92, 0x00, 0x00, 0x00, 0x01, 0x68, 0xcb, 0x83,
	0xcb, 0x20, 0x00, 0x00, 0x00, 0x01, 0x65, 0x88, 0x84, 0x0a, 0xf1, 0x18, 0xa0, 0x00, 0x23, 0x4b,
	0x1c, 0x00, 0x04, 0x25, 0x63, 0x80, 0x00, 0x8b, 0x84, 0x9d, 0x75, 0xe0,
}

// probeY, probeCb and probeCr are every sample of the probe picture, as
// ffmpeg decodes it.
const probeY, probeCb, probeCr = 89, 102, 185

// probe decodes probeStream through l and checks every sample, so that a
// library whose calling convention or structures differ from the
// declarations is refused before a clip reaches it.
func probe(l *Lib) error {
	d, err := l.NewDecoder(nil)
	if err != nil {
		return err
	}
	defer d.Close()
	pics, err := d.Decode(probeStream, 7)
	if err != nil {
		return err
	}
	more, err := d.Flush()
	if err != nil {
		return err
	}
	pics = append(pics, more...)
	if len(pics) != 1 {
		return fmt.Errorf("%d pictures from a one-picture stream", len(pics))
	}
	p := pics[0]
	if p.Width != 32 || p.Height != 32 || p.PTS != 7 {
		return fmt.Errorf("picture %dx%d pts %d, want 32x32 pts 7", p.Width, p.Height, p.PTS)
	}
	for _, c := range []struct {
		plane []byte
		want  byte
		name  string
	}{{p.Y, probeY, "Y"}, {p.Cb, probeCb, "Cb"}, {p.Cr, probeCr, "Cr"}} {
		for i, v := range c.plane {
			if v != c.want {
				return fmt.Errorf("%s sample %d is %d, want %d", c.name, i, v, c.want)
			}
		}
	}
	return nil
}
