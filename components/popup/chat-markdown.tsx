import Markdown, { type Components } from 'react-markdown';

/*
 * Model text is untrusted. react-markdown builds React elements from a syntax tree (never
 * innerHTML), and with `skipHtml` left false it turns raw HTML in the text into plain text, so
 * `<script>` shows as characters and creates nothing. No rehype-raw, ever.
 * Its default `urlTransform` already drops `javascript:` and other unsafe link targets.
 */
const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  // An <img> would make the browser fetch whatever URL the model wrote; show a link instead.
  img: ({ src, alt }) => {
    const label = `Image: ${alt || 'untitled'}`;
    return typeof src === 'string' && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer" className="rl-md-image">
        {label}
      </a>
    ) : (
      <span className="rl-md-image">{label}</span>
    );
  },
};

/** An assistant reply, rendered as safe markdown. */
export function ChatMarkdown({ text }: { text: string }) {
  return (
    <div className="rl-md">
      <Markdown components={components} skipHtml={false}>
        {text}
      </Markdown>
    </div>
  );
}
