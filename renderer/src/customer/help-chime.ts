/**
 * The audible half of "Need help?": two short tones made with WebAudio (no sound file to ship
 * or load), loud enough to turn a head nearby. A browser that refuses audio is not an error:
 * the on-screen banner is the cue that always shows.
 */
let context: AudioContext | null = null;

export function playHelpChime(): void {
  try {
    context ??= new AudioContext();
    const ctx = context;
    void ctx.resume();
    const start = ctx.currentTime + 0.02;
    for (const [i, frequency] of [880, 660].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      const t = start + i * 0.28;
      // A short rise and fall: no click at either end.
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.4, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.26);
    }
  } catch {
    // No audio device, or audio not allowed: the banner stands alone.
  }
}
