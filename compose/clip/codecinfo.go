package clip

import "fmt"

// codecDesc is what a video sample entry and its configuration record say
// about the stream.
type codecDesc struct {
	name     string // "h264", "hevc", or the fourcc
	profile  string
	bitDepth int // 0 when unknown
}

// describeCodec reads the codec, profile and bit depth from a sample entry
// fourcc and its avcC or hvcC record.
func describeCodec(fourcc string, config []byte) codecDesc {
	switch fourcc {
	case "avc1", "avc3":
		return describeAVC(config)
	case "hvc1", "hev1":
		return describeHEVC(config)
	}
	return codecDesc{name: fourcc}
}

// describeAVC reads an AVCDecoderConfigurationRecord (ISO 14496-15 5.3.3).
func describeAVC(c []byte) codecDesc {
	d := codecDesc{name: "h264", bitDepth: 8}
	if len(c) < 6 {
		return d
	}
	profile, compat := int(c[1]), c[2]
	switch profile {
	case 66:
		d.profile = "Baseline"
		if compat&0x40 != 0 {
			d.profile = "Constrained Baseline"
		}
	case 77:
		d.profile = "Main"
	case 88:
		d.profile = "Extended"
	case 100:
		d.profile = "High"
	case 110:
		d.profile, d.bitDepth = "High 10", 10
	case 122:
		d.profile = "High 4:2:2"
	case 244:
		d.profile = "High 4:4:4 Predictive"
	default:
		d.profile = fmt.Sprintf("profile %d", profile)
	}
	// The High profiles' extension after the parameter sets carries the
	// chroma format and bit depth.
	p := c[6:]
	skip := func(n int) bool {
		for range n {
			if len(p) < 2 {
				return false
			}
			l := int(p[0])<<8 | int(p[1])
			if len(p) < 2+l {
				return false
			}
			p = p[2+l:]
		}
		return true
	}
	if !skip(int(c[5]&0x1f)) || len(p) < 1 {
		return d
	}
	npps := int(p[0])
	p = p[1:]
	if !skip(npps) {
		return d
	}
	if (profile == 100 || profile == 110 || profile == 122 || profile == 244) && len(p) >= 3 {
		d.bitDepth = int(p[1]&7) + 8
	}
	return d
}

// describeHEVC reads an HEVCDecoderConfigurationRecord (ISO 14496-15 8.3.3).
func describeHEVC(c []byte) codecDesc {
	d := codecDesc{name: "hevc", bitDepth: 8}
	if len(c) < 23 {
		return d
	}
	switch idc := int(c[1] & 0x1f); idc {
	case 1:
		d.profile = "Main"
	case 2:
		d.profile = "Main 10"
	case 3:
		d.profile = "Main Still Picture"
	case 4:
		d.profile = "Range Extensions"
	default:
		d.profile = fmt.Sprintf("profile %d", idc)
	}
	d.bitDepth = int(c[17]&7) + 8
	return d
}
