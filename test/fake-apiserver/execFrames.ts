// Channel framing for the exec WebSocket and its backpressure. Binary protocols prefix each message with the
// channel byte; v4.base64 sends text messages "<channel digit><base64 payload>" (126). Sending waits for the
// socket to take the data whenever more than HIGH_WATER bytes are queued, so a command printing 100 MB never
// holds more than about a megabyte in memory, however slowly the client reads.
import type { WebSocket } from 'ws';

const HIGH_WATER = 1024 * 1024;

export interface FrameSender {
  send(channel: number, data: string | Buffer): Promise<void>;
}

export function sendExecFrames(ws: WebSocket, base64: boolean): FrameSender {
  return {
    send(channel, data) {
      const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      if (ws.readyState !== ws.OPEN) return Promise.resolve();
      const frame = base64 ? `${channel}${payload.toString('base64')}` : Buffer.concat([Buffer.from([channel]), payload]);
      if (ws.bufferedAmount < HIGH_WATER) {
        ws.send(frame, { binary: !base64 }, () => undefined);
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => ws.send(frame, { binary: !base64 }, () => resolve()));
    },
  };
}
