package engine

import "time"

// Photo returns an image asset: the photo at path with a caption (""
// for none). path is the asset's AssetID: for a FileResolver, a file path
// relative to the project file or absolute; for another Resolver,
// whatever it reads. Set the asset's Image or Bytes instead to carry a
// photo in memory, and Start and End to place it.
func Photo(path, caption string) Asset {
	return Asset{Kind: KindImage, AssetID: path, Data: AssetData{Caption: caption}}
}

// Text returns a text slide: a title and, below it, a body ("" for
// none), drawn in the style's fonts and colours.
func Text(title, body string) Asset {
	return Asset{Kind: KindText, Data: AssetData{Title: title, Text: body}}
}

// Music returns a music asset: the track (MP3 or WAV) at path, an
// AssetID as for Photo. Without Start and End it starts with the video
// and plays, looped, to its end.
func Music(path string) Asset {
	return Asset{Kind: KindMusic, AssetID: path}
}

// ClipOptions are a video clip's settings for Clip. The zero value plays
// the whole clip, with its sound as recorded and no caption.
type ClipOptions struct {
	// Caption is drawn over the clip as over a photo.
	Caption string
	// TrimStart and TrimEnd choose the part of the clip that plays, in
	// the clip's own time: from TrimStart to TrimEnd (0: the clip's end).
	TrimStart, TrimEnd time.Duration
	// Volume is the linear gain of the clip's sound, up to MaxClipVolume;
	// 0 means 1 (as recorded). Mute silences the clip.
	Volume float64
	Mute   bool
}

// Clip returns a video asset: the clip at path (MP4 or MOV with H.264 or
// HEVC, GIF or animated WebP), an AssetID as for Photo, played as o says.
// The slide lasts the played part unless Start and End are set.
func Clip(path string, o ClipOptions) Asset {
	a := Asset{Kind: KindVideo, AssetID: path, Data: AssetData{
		Caption:   o.Caption,
		TrimStart: o.TrimStart,
		TrimEnd:   o.TrimEnd,
		Mute:      o.Mute,
	}}
	if o.Volume != 0 {
		v := o.Volume
		a.Data.Volume = &v
	}
	return a
}

// Logo returns a logo asset: the picture at path (an AssetID as for
// Photo) drawn over the whole video in corner ("" for
// CornerBottomRight), at the default size and opacity (see KindLogo).
func Logo(path string, corner Corner) Asset {
	return Asset{Kind: KindLogo, AssetID: path, Data: AssetData{Corner: corner}}
}
