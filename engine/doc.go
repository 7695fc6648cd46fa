// Package engine is reel's public library API: it turns a Picovico-style
// video project (photos with captions, text slides, music, end credits, a
// style and a quality) into finished MP4 files.
//
// The flow of one render:
//
//  1. A [Project] (the JSON video object of Picovico's API) is checked by
//     [Validate], which returns either a typed [*StatusError] carrying one of
//     Picovico's codes (7401..7404) or a [*Plan]: every slide with absolute
//     start and end times, transition windows, the title and credits cards,
//     the music cues and the total frame count, all known before a single
//     frame is drawn.
//  2. Assets are fetched through a [Resolver]; the engine knows nothing of
//     HTTP, SQL or files ([FileResolver] is the one the CLI uses).
//  3. [Render] composes frames in parallel, streams them to one encoder per
//     rendition, shares one AAC track between renditions, writes a JPEG
//     thumbnail per rendition and reports progress. Where they go is one
//     value, Options.Output ([Output]: [ToFile], [ToFiles], [ToWriter],
//     [ToSinks]). Cancelling the context
//     stops it promptly and leaves no partial file.
//
// # Errors
//
// An error says whose mistake it is, with errors.Is and errors.As:
//
//   - [ErrInvalidProject]: the project (the user's input) cannot be
//     rendered. A [*StatusError] carries Picovico's code (7401..7404); a
//     [*SyntaxError] points at the project JSON's line and column; an
//     [*AssetError] names an asset by its 0-based index in Project.Assets
//     (missing, unreadable, corrupt, or too large; a video clip also when
//     its decoder library is missing, the error then naming the Debian
//     package);
//     a project quality or aspect reel cannot make wraps it without a type.
//   - [*LimitError]: the project is beyond a limit of [Options] (MaxPhotos,
//     MaxDuration, MaxFrames, MaxPhotoPixels, MaxClipDuration): Limit names it, Got and Max
//     say by how much. It matches ErrInvalidProject and comes inside a
//     *StatusError with code 7403 (or, for a photo's pixels or a clip's
//     length, inside the *AssetError naming the asset); its message names no Go identifier,
//     so a program can show it and add its own way to raise the limit.
//   - [ErrInvalidOptions]: the caller's Options are wrong (a frame size
//     that is odd, zero or too large, an unknown rendition or preset, a
//     CRF or frame rate out of range, a negative bitrate, a Writer for
//     several renditions, no output for Render...). It never matches
//     ErrInvalidProject; Validate reports it before it opens an asset
//     (most before it looks at the project) and Render before any work
//     starts. An encoder setting's
//     error also wraps encode.ErrInvalidOptions.
//
// Any other error is an internal fault (an encoder or file-system failure)
// or the context's error.
//
// # Streaming
//
// A render to a Writer (an http.ResponseWriter, say) has a first byte
// after which an error can no longer become an HTTP status. A faststart
// MP4 is written only once every frame is encoded, so every fault comes
// before its first byte but a write error of the Writer itself. A
// fragmented MP4 starts after the first GOP is coded and the music is
// mixed and AAC-encoded, so a music fault always comes first too; a photo
// or logo is decoded when the timeline reaches it, so by default a
// corrupt or truncated photo (its header intact) fails the render after
// fragments have been sent (a clip's pictures between the keyframes
// checked at its ends likewise). Options.Verify = [VerifyFull] decodes
// every photo, logo and track, and every played picture and the sound of
// every clip, before the first byte, with bounded memory; an asset fault is then an [*AssetError] from Validate
// or Render with nothing written. What can still fail after the first
// byte of a fragmented MP4, with VerifyFull:
//
//   - writing to the Writer (the client went away) and ctx's cancellation;
//   - internal faults: the encoder, the file system (Options.TempDir),
//     memory;
//   - an asset that changes between the verification and the frame that
//     needs it: only through a Resolver that implements [CheapReopener]
//     (local files), which is opened again; any other Resolver's assets
//     are read once and kept for the render;
//   - a panic in the caller's own code (Overlay, Transition).
//
// A handler must then abort the response (panic(http.ErrAbortHandler)
// after the status line is sent) so that the client sees a failed
// transfer, not a clean end of a truncated file: see the Render writer
// Example.
//
// # Extension points
//
// Assets may carry their content in memory (Asset.Image, Asset.Bytes); a
// style may be passed by value (Options.Style); [Overlay] draws over
// composed frames; Options.Transition replaces the style's transitions
// with a compose.Transition; a [KindLogo] asset puts a logo in a corner of
// every frame. Music is optional (Options.RequireMusic restores 7402).
//
// # Geometry
//
// A rendition is a frame [Size]: any even width x height up to 3840x2160
// in either orientation ([Options.Sizes]), or a standard [Quality] (360,
// 480, 720, 1080: the frame's short side) in an [Aspect]: 16:9 (the
// default, and what Picovico's 360/480/720 mean), 9:16, 1:1 or 4:5, set by
// [Project.Aspect] or [Options.Aspect] ([Quality.SizeFor]: 720 is 1280x720,
// 720x1280, 720x720 or 720x900). Styles lay out relative to the frame's
// short side, so portrait and square frames are first-class; see the
// styles package.
//
// # Timing rules
//
// The timeline is planned from the project and its style alone; the total
// frame count is known before a frame is drawn ([Plan.Frames]). The
// rules use the JSON names; in Go, start_time and end_time are
// [Asset.Start] and [Asset.End], data.trim_start and data.trim_end are
// [AssetData.TrimStart] and [AssetData.TrimEnd], all [time.Duration].
// A music asset's data.trim_start is where its track starts playing
// ([MusicCue.Offset]; loop passes after the first start from the track's
// beginning), validated >= 0 and, when the track is probed, before its
// end (7403 naming the asset).
//
//   - One time origin: every start_time and end_time, of slides and music
//     alike, is seconds from the video's first frame (the title card's
//     first frame), the clock a player shows.
//   - The title card (the project's name) opens the video and lasts the
//     style's title_card.duration (vanilla: 4.4 s); every built-in style
//     holds the title at full strength for at least 2 s.
//   - Image, video and text assets become slides in array order. A slide
//     lasts end_time - start_time when end_time > start_time, else (0/0,
//     what Picovico clients send) the style's slide_duration (vanilla:
//     4 s), or for a video clip ([KindVideo]) its played part
//     (data.trim_end - data.trim_start; trim_end 0 is the clip's end).
//     Durations include the transitions. A clip plays from its slide's
//     first frame; one shorter than its slot holds its last picture.
//     Validate reads every clip's headers for its length (with a nil
//     Resolver a clip not carried in memory gets trim_end - trim_start,
//     or the style's slide_duration without trim_end).
//   - Neighbouring slides overlap by the style's transition duration
//     (vanilla: 1 s), clamped to a third of the shorter of the two; the
//     overlap is the transition window.
//   - A start_time > 0 is also a position: the video time at which the
//     slide begins to appear (its incoming transition starts). Gap: if the
//     slide would begin earlier (the previous one ends too soon), the
//     previous slide (the title card included) is held on screen longer,
//     so the slide begins exactly at its start_time and the video never
//     shows black. Overlap: if the previous slide is still running at
//     start_time, the slide begins when the previous one ends (minus the
//     transition): array order always wins and slides never stack. So with
//     vanilla's 4.4 s title, 5-10, 10-15, 15-20 start the slides at 5, 10
//     and 15 s and end the last one at 20 s, while 0-4 starts at 3.4 s, as
//     soon as the title card lets it, and keeps its 4 s.
//   - A text slide that follows the title card or another text slide
//     shows its text whole from its first frame, and the two cards
//     dissolve text into text (no empty background between them), unless
//     it names its own data.transition.
//   - Per-slide choices ([AssetData.Transition], [AssetData.TextPosition]):
//     data.transition on an image, video or text asset is the transition
//     into that slide, one of styles.Transitions ("crossfade", "push-left",
//     "push-right", "push-up", "push-down", "zoom-through", "wipe",
//     "dip-to-colour"); absent, the style picks as usual. data.text_position
//     ("top", "middle", "bottom") places an image's or clip's caption in
//     the title-safe area instead of the style's caption.valign, keeping
//     the safe zones and the contrast plate (a framed print then carries
//     no caption on its edge). Neither changes the timing: beat-synced
//     cuts and split renders are planned as without them. Another value,
//     or either field on an asset that has no such slide, is a 7403.
//   - The credits card closes the video when credit is not empty; it lasts
//     the style's credits.duration per page of rows.
//   - Music-synced cuts: in a style with transitions.beat_sync (built-in:
//     bold, memories and pulse), [Render] and [RenderFrame] track the music's
//     beats (audio.DetectBeats, placed on the timeline with each cue's
//     start and loop period) and move each slide boundary, the middle of
//     its transition window (the cut), to the nearest beat within
//     transitions.beat_max_shift (default half a beat, so the nearest beat
//     is always reached on a steady track). The window keeps its length;
//     a slide whose start_time is set never moves; a video clip keeps its
//     length (the cut into it moves the whole clip, the cut after it moves
//     only with it); the title card keeps at
//     least 2 s at full strength (its boundary moves later by up to one
//     beat); a move that would leave a slide less than half its time alone
//     on screen is skipped; the last slide's end, and so the video's
//     length, does not change. The beats are kept (Plan.Beats) and each
//     slide gets those it spans, so word-by-word captions (animation
//     "words") land on them. [Validate] alone plans without beat sync
//     (it does not decode music).
//   - Music assets become cues on the same clock, title card included:
//     start_time/end_time place the track (0/0 = the whole video, end_time 0
//     = until the end); the audio package trims, loops and fades it (the
//     style's fades). Music never changes the video's length.
//   - Everything is rounded to whole frames of the output rate (30 fps, 10 in
//     preview mode).
package engine
