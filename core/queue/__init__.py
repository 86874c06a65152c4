"""The hall's queue (取号 → 叫号 → 叫号屏): its rules, written once, for the hall server that
keeps the queue, the kiosks that issue tickets (from their own block of numbers while the
server is away) and the counters that call them.

- :mod:`core.queue.numbers`: the day's numbers per category (A012, reset at 00:00 China time)
  and the disjoint blocks the server hands out, so that no number is ever issued twice;
- :mod:`core.queue.tickets`: tickets, who may take one, the order they are called in
  (appointments, then priority, then time), recalls and no-shows, transfers;
- :mod:`core.queue.speech`: what the display shows and says for a call;
- :mod:`core.queue.estimate`: the waiting time from the service times observed.

Anchors: ZMS (Berlin's eappointment: per-scope number ranges, a call count limit, a recall only
after a gap, a missed status), TheQ (waiting = service start − ticket time; priority) and the
vendors' call text 请{号}号到{窗口}办理.
"""
