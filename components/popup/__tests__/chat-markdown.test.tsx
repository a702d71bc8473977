import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChatMarkdown } from '../chat-markdown';

const render = (text: string) => renderToStaticMarkup(<ChatMarkdown text={text} />);

describe('ChatMarkdown', () => {
  it('shows raw HTML as text and creates no element from it', () => {
    const html = render('Look: <img src=x onerror=alert(1)> and <script>window.__pwned=1</script>');
    expect(html).not.toMatch(/<img|<script/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
  });

  it('keeps an HTML block as text too', () => {
    const html = render('<script>\nwindow.__pwned=1\n</script>\n\n<div onclick="x()">hi</div>');
    expect(html).not.toMatch(/<script|<div onclick/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&lt;div onclick=&quot;x()&quot;&gt;');
  });

  it('renders images as links, so nothing is fetched', () => {
    const html = render('![a cat](https://example.com/cat.png)');
    expect(html).not.toContain('<img');
    expect(html).toContain('href="https://example.com/cat.png"');
    expect(html).toContain('Image: a cat');
  });

  it('opens links in a new tab without an opener, and drops javascript: targets', () => {
    const html = render('[docs](https://example.com) and [bad](javascript:alert(1))');
    expect(html).toContain(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer">docs</a>',
    );
    expect(html).not.toContain('javascript:');
  });

  it('renders markdown structure', () => {
    const html = render('**bold**\n\n- one\n- two\n\n`code`');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<code>code</code>');
  });
});
