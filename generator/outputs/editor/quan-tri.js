/* The portal's additions to Decap CMS, served at /quan-tri/quan-tri.js after Decap and its phrases
 * (generator/outputs/editor.py), then the editor starts:
 * - widget "ngay": a date typed and shown day first, 04/12/2026, whatever the browser's language, and
 *   stored as the portal reads it, 2026-12-04 (or 2026-12-04 08:30 where a time is allowed). Decap's own
 *   datetime widget draws the browser's date input, which an en-US browser shows as 12/04/2026;
 * - widget "nhom": a heading that opens a group of fields; it holds no value and writes nothing;
 * - the page of a new, unsaved item is marked (class kc-muc-moi on <html>), so that the stylesheet
 *   hides Decap's "Thay đổi đã được lưu", which it shows on a form that was never saved.
 * Plain ES5 with Decap's window.h (React.createElement) and window.createClass: no build step.
 */
(function () {
  "use strict";
  var h = window.h;
  var DAY = /^\s*(\d{1,2})\s*[\/.\-\s]\s*(\d{1,2})\s*[\/.\-\s]\s*(\d{4})(?:\s+(\d{1,2})\s*[:hg]\s*(\d{2}))?\s*$/i;
  var DIGITS = /^\s*(\d{2})(\d{2})(\d{4})\s*$/; // 04122026, as a phone's number pad types it

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /* "2026-12-04" or "2026-12-04 08:30" → "04/12/2026" or "04/12/2026 08:30"; anything else as it is. */
  function shown(value) {
    if (value instanceof Date) {
      value = value.getFullYear() + "-" + pad(value.getMonth() + 1) + "-" + pad(value.getDate());
    }
    var text = value === undefined || value === null ? "" : String(value);
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/.exec(text);
    return m ? m[3] + "/" + m[2] + "/" + m[1] + (m[4] ? " " + m[4] + ":" + m[5] : "") : text;
  }

  /* "4/12/2026" → "2026-12-04"; "" for nothing; null for what is not a day of the calendar (31/02/2026),
     or carries a time where none is allowed. */
  function stored(text, withTime) {
    if (!text.trim()) {
      return "";
    }
    var m = DAY.exec(text) || DIGITS.exec(text);
    if (!m) {
      return null;
    }
    var d = +m[1], mo = +m[2], y = +m[3];
    var day = new Date(Date.UTC(y, mo - 1, d));
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) {
      return null;
    }
    var out = y + "-" + pad(mo) + "-" + pad(d);
    if (m[4] === undefined) {
      return out;
    }
    if (!withTime || +m[4] > 23 || +m[5] > 59) {
      return null;
    }
    return out + " " + pad(+m[4]) + ":" + m[5];
  }

  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  var DateControl = window.createClass({
    getInitialState: function () {
      this.sent = this.props.value;
      return { text: shown(this.props.value) };
    },

    withTime: function () {
      return this.props.field.get("with_time") === true;
    },

    componentDidUpdate: function () {
      // A value set from elsewhere (an entry loaded, a copy) replaces the text; one this widget sent does not.
      if (this.props.value !== this.sent) {
        this.sent = this.props.value;
        this.setState({ text: shown(this.props.value) });
      }
    },

    send: function (value) {
      this.sent = value;
      this.props.onChange(value);
    },

    onInput: function (event) {
      var text = event.target.value;
      var value = stored(text, this.withTime());
      this.setState({ text: text });
      // What cannot be read is not kept: the field is empty until it can, and isValid says why.
      this.send(value === null ? "" : value);
    },

    onBlur: function () {
      var value = stored(this.state.text, this.withTime());
      if (value) {
        this.setState({ text: shown(value) }); // 4.12.2026 reads back as 04/12/2026
      }
      this.props.setInactiveStyle();
    },

    onToday: function () {
      this.setState({ text: shown(today()) });
      this.send(today());
    },

    /* Decap asks before saving: a date it cannot read stops the save, with what to write. */
    isValid: function () {
      if (stored(this.state.text, this.withTime()) !== null) {
        return true;
      }
      var example = this.withTime() ? "04/12/2026 hoặc 04/12/2026 08:30" : "04/12/2026";
      return { error: { type: "CUSTOM", message: this.props.field.get("label") + ": viết ngày/tháng/năm, ví dụ " + example } };
    },

    /* Decap's "required" test reads this: a date being typed is not an empty field. */
    getValidateValue: function () {
      return this.state.text.trim();
    },

    render: function () {
      var withTime = this.withTime();
      return h("div", { className: this.props.classNameWrapper + " kc-ngay" },
        h("input", {
          id: this.props.forID,
          type: "text",
          inputMode: withTime ? "text" : "numeric",
          autoComplete: "off",
          placeholder: withTime ? "ngày/tháng/năm giờ:phút" : "ngày/tháng/năm",
          value: this.state.text,
          onChange: this.onInput,
          onFocus: this.props.setActiveStyle,
          onBlur: this.onBlur,
          disabled: this.props.isDisabled
        }),
        this.props.isDisabled ? null : h("button", {
          type: "button",
          onClick: this.onToday,
          "aria-label": "Hôm nay: " + this.props.field.get("label") // each date field has one
        }, "Hôm nay"));
    }
  });

  var DatePreview = window.createClass({
    render: function () {
      return h("span", null, shown(this.props.value));
    }
  });

  var GroupHeading = window.createClass({
    render: function () {
      return h("h2", { className: "kc-nhom" }, this.props.field.get("label"));
    }
  });

  function markNewItem() {
    document.documentElement.classList.toggle("kc-muc-moi", /^#\/collections\/[^/]+\/new(\?|$)/.test(location.hash));
  }

  window.addEventListener("hashchange", markNewItem);
  markNewItem();
  CMS.registerWidget("ngay", DateControl, DatePreview);
  CMS.registerWidget("nhom", GroupHeading);
  CMS.init();
})();
