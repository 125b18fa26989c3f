// The rich-text editor of an item's body: Quill (served from /static/vendor/quill/) over a
// <textarea data-rich-text>. The page works without this script: the textarea then takes plain
// text, each line a paragraph, or HTML, and the server sanitizes whatever arrives
// (catalog/html.ts). With it, officers type and paste formatted text — from Word or a web page —
// and on submit the textarea receives the editor's HTML, so a refused form comes back with the
// body as it was and nothing else about the form changes.
(() => {
  const Quill = globalThis.Quill;
  if (!Quill) return;

  // What the sanitizer keeps (catalog/html.ts); Quill's alignment, indents, colours and fonts are
  // classes and styles, which it drops, so they are not offered.
  const toolbar = [
    [{ header: [2, 3, false] }],
    ['bold', 'italic', 'underline', 'strike'],
    [{ list: 'ordered' }, { list: 'bullet' }, 'blockquote'],
    [{ script: 'sub' }, { script: 'super' }],
    ['link', 'clean'],
  ];
  // Tables come with Quill's table module: pasted ones are kept, and these make and shape one. The
  // row and column ones act where the cursor is, so they work only inside a table; a table is
  // made only outside one (Quill does not nest them).
  const tableActions = {
    'table-insert': ['插入表格', (t) => t.insertTable(3, 3), 'outside'],
    'table-row': ['下方插入行', (t) => t.insertRowBelow(), 'inside'],
    'table-column': ['右侧插入列', (t) => t.insertColumnRight(), 'inside'],
    'table-row-delete': ['删除行', (t) => t.deleteRow(), 'inside'],
    'table-column-delete': ['删除列', (t) => t.deleteColumn(), 'inside'],
    'table-delete': ['删除表格', (t) => t.deleteTable(), 'inside'],
  };
  const names = {
    bold: '加粗',
    italic: '倾斜',
    underline: '下划线',
    strike: '删除线',
    'list:ordered': '编号列表',
    'list:bullet': '项目符号列表',
    blockquote: '引用',
    'script:sub': '下标',
    'script:super': '上标',
    link: '插入链接',
    clean: '清除格式',
  };
  // Where an HTML parser starts a tag: the server's test for "this body is HTML, not plain text".
  const MARKUP = /<[a-zA-Z/!?]/;

  // Chromium reports every style it parses as a breach of the page's policy (style-src 'self'),
  // even in a detached document, and the sanitizer drops styles anyway: HTML loses its <style>
  // elements and style attributes before Quill parses it. Only inside tags, since text holds no
  // raw '<': what was typed cannot be touched.
  const withoutStyles = (html) =>
    html
      .replace(/<style\b[\s\S]*?<\/style\s*>/gi, '')
      .replace(/<[^>]*>/g, (tag) => tag.replace(/\sstyle\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*)/gi, ''));

  // Word's own numbered and bulleted lists are paragraphs told apart only by a style (mso-list),
  // their number or bullet typed in a conditional part (<![if !supportLists]>…<![endif]>). Before
  // the styles go, each becomes a paragraph marked as an item of an ordered or a bulleted list,
  // without the typed number (the list numbers itself); a clipboard matcher makes it the item.
  const SUPPORT_LISTS = /<!(?:--)?\[if !supportLists\](?:--)?>([\s\S]*?)<!(?:--)?\[endif\](?:--)?>/i;
  const NUMBERED = /^[(（]?(?:[0-9０-９]+|[一二三四五六七八九十百]+|[a-zA-Z]+[.．)）]|[ivxlcIVXLC]+[.．)）])[.．、)）]?$/;
  const wordLists = (html) =>
    html.replace(/<p\b([^>]*)>([\s\S]*?)<\/p\s*>/gi, (whole, attrs, inner) => {
      const marker = /mso-list\s*:\s*l\d+/i.test(attrs) ? SUPPORT_LISTS.exec(inner) : null;
      if (!marker) return whole;
      const typed = marker[1].replace(/<[^>]*>/g, '').replace(/&nbsp;|&#160;|\s/g, '');
      return `<p data-word-list="${NUMBERED.test(typed) ? 'ordered' : 'bullet'}"${attrs}>${inner.replace(marker[0], '')}</p>`;
    });

  // In Quill nothing can be typed below a table that ends the text: HTML that ends with one gets an
  // empty paragraph after it.
  const withRoomBelow = (html) => (/<\/table\s*>\s*(?:<\/body\s*>\s*)?(?:<\/html\s*>\s*)?$/i.test(html) ? `${html}<p><br></p>` : html);

  // What the sanitizer keeps but Quill cannot hold (measured): header and merged cells, captions,
  // the spacing of preformatted text, a list's first number. A body holding any of them stays in the textarea, as HTML, so that
  // opening it to change a word does not lose them.
  const BEYOND_EDITOR = /<(?:th|caption|pre)\b|<t[dh]\b[^>]*\s(?:colspan|rowspan)\s*=|<ol\b[^>]*\sstart\s*=/i;

  for (const area of document.querySelectorAll('textarea[data-rich-text]')) {
    if (BEYOND_EDITOR.test(area.value)) {
      const note = document.createElement('p');
      note.className = 'hint';
      note.textContent =
        '这份正文含有编辑器不能保留的格式（表头或合并单元格、表格标题、预排版文字、列表起始编号），为免丢失，请在下框中直接修改 HTML。';
      area.before(note);
      continue;
    }
    const box = document.createElement('div');
    area.after(box);
    const handlers = {};
    for (const [name, [, act]] of Object.entries(tableActions)) handlers[name] = () => act(quill.getModule('table'));
    // Quill joins a table made right below another one to it: an empty paragraph keeps them apart.
    const insertTable = handlers['table-insert'];
    handlers['table-insert'] = () => {
      const range = quill.getSelection(true);
      const [line] = quill.getLine(range.index);
      if (line?.prev?.statics.blotName === 'table-container') {
        quill.insertText(range.index, '\n', 'user');
        quill.setSelection(range.index + 1, 0, 'user');
      }
      insertTable();
    };
    const quill = new Quill(box, {
      theme: 'snow',
      modules: { toolbar: { container: [...toolbar, Object.keys(tableActions)], handlers }, table: true },
    });
    const bar = box.previousElementSibling;
    const where = [];
    for (const [name, [label, , place]] of Object.entries(tableActions)) {
      const b = bar.querySelector(`button.ql-${name}`);
      b.textContent = label;
      // Quill names every button after its format ("table-insert"): the name is the text shown.
      b.setAttribute('aria-label', label);
      b.classList.add('text-button');
      where.push([b, place]);
    }
    const markTable = () => {
      const range = quill.getSelection();
      const [table] = range ? quill.getModule('table').getTable(range) : [null];
      for (const [b, place] of where) b.disabled = (place === 'inside') !== !!table;
    };
    quill.on('editor-change', markTable);
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', '正文格式');
    for (const b of bar.querySelectorAll('button')) {
      const key = b.value ? `${b.className.replace('ql-', '')}:${b.value}` : b.className.replace('ql-', '');
      const name = names[key];
      if (name) {
        b.setAttribute('aria-label', name);
        b.title = name;
      }
    }
    for (const p of bar.querySelectorAll('.ql-picker-label')) p.setAttribute('aria-label', '段落格式（正文、二级标题、三级标题）');
    for (const item of bar.querySelectorAll('.ql-picker-item')) {
      const level = item.getAttribute('data-value');
      item.setAttribute('aria-label', level ? `${level === '2' ? '二' : '三'}级标题` : '正文');
    }

    const Delta = Quill.import('delta');
    quill.clipboard.addMatcher('P', (node, delta) => {
      const list = node.getAttribute('data-word-list');
      return list ? delta.compose(new Delta().retain(delta.length() - 1).retain(1, { list })) : delta;
    });

    const linkInput = box.querySelector('.ql-tooltip input[data-link]');
    if (linkInput) {
      linkInput.dataset.link = 'https://';
      linkInput.setAttribute('aria-label', '链接地址');
    }

    // The editable area speaks for the hidden textarea: its label, hint and error message.
    const label = document.querySelector(`label[for="${area.id}"]`);
    if (label) {
      label.id ||= `l-${area.id}`;
      quill.root.setAttribute('aria-labelledby', label.id);
      label.addEventListener('click', () => quill.focus());
    }
    quill.root.setAttribute('role', 'textbox');
    quill.root.setAttribute('aria-multiline', 'true');
    const describedBy = area.getAttribute('aria-describedby');
    if (describedBy) quill.root.setAttribute('aria-describedby', describedBy);
    if (area.getAttribute('aria-invalid')) quill.root.setAttribute('aria-invalid', 'true');

    // Pasted HTML goes in through Quill's documented paste, once cleaned; plain text is left to Quill.
    box.addEventListener(
      'paste',
      (e) => {
        const html = e.clipboardData?.getData('text/html');
        if (!html) return;
        e.preventDefault();
        e.stopPropagation();
        const range = quill.getSelection(true);
        quill.deleteText(range.index, range.length, 'user');
        const before = quill.getLength();
        quill.clipboard.dangerouslyPasteHTML(range.index, withRoomBelow(withoutStyles(wordLists(html))), 'user');
        quill.setSelection(range.index + quill.getLength() - before, 0, 'user');
      },
      true,
    );

    // A body with no markup was stored before the server made paragraphs of typed text: its lines
    // are HTML text, entities escaped (as catalog/html.ts storedBody shows them).
    const text = area.value;
    const html = MARKUP.test(text)
      ? text
      : text
          .split(/\r\n?|\n/)
          .filter((line) => line.trim() !== '')
          .map((line) => `<p>${line}</p>`)
          .join('');
    quill.setContents(quill.clipboard.convert({ html: withRoomBelow(withoutStyles(html)) }), 'silent');
    quill.history.clear();
    markTable();
    area.hidden = true;

    area.form?.addEventListener('submit', () => {
      // getSemanticHTML writes every space as &nbsp; (Quill 2.0.3), which would keep Latin text
      // from wrapping on the portal; an &nbsp; in its output is always one of those spaces.
      area.value = quill.getLength() <= 1 ? '' : quill.getSemanticHTML().replace(/&nbsp;/g, ' ');
    });
  }
})();
