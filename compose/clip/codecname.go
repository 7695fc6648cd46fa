package clip

import "fmt"

// codecNames: the codecs reel decodes map to "", the video sample entries
// of others a camera or an editor writes to their name.
var codecNames = map[string]string{
	"h264": "", "hevc": "", "gif": "", "webp": "",
	"mp4v": "MPEG-4 Part 2", "av01": "AV1", "vp09": "VP9", "vp08": "VP8",
	"apch": "Apple ProRes", "apcn": "Apple ProRes", "apcs": "Apple ProRes", "apco": "Apple ProRes",
	"ap4h": "Apple ProRes", "ap4x": "Apple ProRes", "mjpa": "Motion JPEG", "mjpb": "Motion JPEG",
	"jpeg": "Motion JPEG", "s263": "H.263", "h263": "H.263", "dvh1": "Dolby Vision", "dvhe": "Dolby Vision",
	"dvav": "Dolby Vision", "dva1": "Dolby Vision", "vvc1": "H.266 (VVC)", "vvi1": "H.266 (VVC)",
}

// UndecodableCodec tells whether Info.Codec is a video codec reel does
// not decode (anything but H.264, HEVC, GIF and WebP) and, when it is,
// names it for people: "MPEG-4 Part 2 (mp4v)", or the sample entry's
// four letters quoted.
func UndecodableCodec(codec string) (name string, undecodable bool) {
	n, known := codecNames[codec]
	switch {
	case known && n == "":
		return "", false
	case known:
		return n + " (" + codec + ")", true
	}
	return fmt.Sprintf("%q", codec), true
}
