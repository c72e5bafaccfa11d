'use strict';
// A small SMSC built on node-smpp's server (smpp.createServer). It answers every request the
// proxy may relay, issues its own message ids, and optionally sends one delivery receipt per
// submit_sm asking for one. Everything it sees is recorded for the tests to assert on.
//
// Used in-process by the node tests and as a standalone peer by peers/node-smsc.js.

const { EventEmitter } = require('node:events');
const { smpp, PDU } = require('./harness');

const BIND_COMMANDS = new Set(['bind_transmitter', 'bind_receiver', 'bind_transceiver']);

function smscDate(d = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}` +
    `${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

// Text of a delivery receipt (SMPP 3.4 appendix B format).
function receiptText(id, text) {
  const now = smscDate();
  return `id:${id} sub:001 dlvrd:001 submit date:${now} done date:${now} stat:DELIVRD err:000 ` +
    `text:${String(text).slice(0, 20)}`;
}

class NodeSmsc extends EventEmitter {
  // opts: systemId, dlr (bool), idPrefix, record (keep raw bytes of every request),
  //       closeAfterUnbind (default true: end the socket after sending unbind_resp),
  //       intercept(session, pdu) -> true to skip the default handling of a PDU,
  //       tls: {key, cert, ...} (PEM contents) to serve SMPP over TLS (tls.createServer options)
  constructor(opts = {}) {
    super();
    this.opts = { systemId: 'NODESMSC', dlr: false, idPrefix: 'n', record: false,
      closeAfterUnbind: true, ...opts };
    this.binds = [];          // {command, system_id, password, system_type, session}
    this.received = [];       // when record: {command, sequence_number, hex}
    this.counters = {};
    this.nextId = 1;
    this.receiptsPending = new Map(); // sequence_number of our deliver_sm -> message id
    this.sessions = new Set();
    this.server = this.opts.tls
      ? smpp.createServer(this.opts.tls, (session) => this._onSession(session))
      : smpp.createServer((session) => this._onSession(session));
  }

  count(k, n = 1) { this.counters[k] = (this.counters[k] || 0) + n; }

  newMessageId() {
    // Distinctive ids: prefix, decimal counter and a hex tail in mixed case.
    const n = this.nextId++;
    return `${this.opts.idPrefix}${n}-${(n * 2654435761 % 0xfffff).toString(16).toUpperCase()}`;
  }

  _onSession(session) {
    this.sessions.add(session);
    session.bound = null;
    session.on('error', (e) => { session.lastError = e; });
    session.on('close', () => { this.sessions.delete(session); this.emit('session_close', session); });
    session.on('pdu', (pdu) => this._onPdu(session, pdu));
    this.emit('session', session);
  }

  // A session that can take a receipt for this one: itself when it receives, else another
  // receiver/transceiver of the same system_id.
  _receiptSession(session) {
    if (session.bound && session.bound.command !== 'bind_transmitter') return session;
    for (const s of this.sessions) {
      if (s.bound && s.bound.command !== 'bind_transmitter' &&
          s.bound.system_id === (session.bound && session.bound.system_id)) return s;
    }
    return null;
  }

  _onPdu(session, pdu) {
    this.count(pdu.command);
    if (this.opts.record && !pdu.isResponse()) {
      this.received.push({ command: pdu.command, sequence_number: pdu.sequence_number,
        hex: pdu._raw ? pdu._raw.toString('hex') : null });
    }
    this.emit('pdu', session, pdu);
    if (this.opts.intercept && this.opts.intercept(session, pdu)) return;
    if (BIND_COMMANDS.has(pdu.command)) {
      const b = { command: pdu.command, system_id: pdu.system_id, password: pdu.password,
        system_type: pdu.system_type };
      this.binds.push(b);
      session.bound = b;
      session.send(pdu.response({ system_id: this.opts.systemId }));
      this.emit('bound', session, b);
      return;
    }
    switch (pdu.command) {
      case 'submit_sm': {
        const id = this.newMessageId();
        session.send(pdu.response({ message_id: id }));
        if (this.opts.dlr && (pdu.registered_delivery & 0x03)) {
          const target = this._receiptSession(session);
          if (target) this.sendReceipt(target, pdu, id);
        }
        this.emit('submit_sm', session, pdu, id);
        break;
      }
      case 'data_sm': {
        const id = this.newMessageId();
        session.send(pdu.response({ message_id: id }));
        break;
      }
      case 'query_sm':
        session.send(pdu.response({ message_id: pdu.message_id, final_date: '',
          message_state: 2, error_code: 0 }));
        break;
      case 'cancel_sm':
      case 'replace_sm':
      case 'enquire_link':
        session.send(pdu.response());
        break;
      case 'unbind':
        session.send(pdu.response(), () => {
          if (this.opts.closeAfterUnbind) session.close();
        });
        break;
      case 'deliver_sm_resp': {
        const id = this.receiptsPending.get(pdu.sequence_number);
        if (id !== undefined) { this.receiptsPending.delete(pdu.sequence_number); this.count('receipts_acked'); }
        break;
      }
      default:
        if (!pdu.isResponse()) session.send(pdu.response()); // unknown command -> generic_nack
    }
  }

  sendReceipt(session, submit, id) {
    const text = submit.short_message && submit.short_message.message !== undefined
      ? Buffer.from(submit.short_message.message).toString('latin1') : '';
    const dsm = new PDU('deliver_sm', {
      source_addr_ton: submit.dest_addr_ton, source_addr_npi: submit.dest_addr_npi,
      source_addr: submit.destination_addr,
      dest_addr_ton: submit.source_addr_ton, dest_addr_npi: submit.source_addr_npi,
      destination_addr: submit.source_addr,
      esm_class: 0x04, data_coding: 0,
      short_message: Buffer.from(receiptText(id, text), 'latin1'),
      receipted_message_id: id, message_state: 2,
    });
    if (session.send(dsm)) {
      this.receiptsPending.set(dsm.sequence_number, id);
      this.count('receipts_sent');
    }
  }

  summary() {
    return { binds: this.binds.map(({ command, system_id, password, system_type }) =>
      ({ command, system_id, password, system_type })), counters: this.counters,
    received: this.received };
  }

  close() {
    for (const s of this.sessions) { try { s.destroy(); } catch (_) { /* ignore */ } }
    try { this.server.close(); } catch (_) { /* ignore */ }
  }
}

module.exports = { NodeSmsc, receiptText };
