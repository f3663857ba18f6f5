import { useMemo } from 'react';
import Markdown from 'react-markdown';
import type { Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { Link } from 'react-router';
import { Typography } from 'antd';
import { useI18n } from '../i18n';

/** A link to another help page, as written in a page: `numbers`, `./numbers`. */
const HELP_LINK = /^(?:\.\/)?([a-z0-9]+(?:-[a-z0-9]+)*)(#[\w-]*)?$/;
/** Links that leave the portal: to another site, to an email address. */
const EXTERNAL_LINK = /^(?:https?:|mailto:)/i;

/** Whether `src` is served by the portal itself (images of other origins are not shown). */
function sameOrigin(src: string): boolean {
  try {
    return new URL(src, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

/**
 * The elements Markdown becomes: links to other help pages open them inside /help (in a preview
 * they lead nowhere: the page being written stays), other sites in a new tab without access to
 * the portal, the portal's own paths inside the portal; a link whose address was dropped (a
 * `javascript:` one) is its text only. Images show only from the portal's own origin.
 */
function components(preview: boolean, imageFrom: (alt: string) => string): Components {
  return {
    a: ({ href, children, title }) => {
      const help = href ? HELP_LINK.exec(href) : null;
      if (help) {
        return preview ? (
          <a href={`/help/${help[1]}`} title={title} onClick={(e) => e.preventDefault()}>
            {children}
          </a>
        ) : (
          <Link to={`/help/${help[1]}`} title={title}>
            {children}
          </Link>
        );
      }
      if (href && EXTERNAL_LINK.test(href)) {
        return (
          <a href={href} title={title} target="_blank" rel="noopener noreferrer">
            {children}
          </a>
        );
      }
      if (href?.startsWith('/') && !href.startsWith('//') && !preview) {
        return (
          <Link to={href} title={title}>
            {children}
          </Link>
        );
      }
      return <span>{children}</span>;
    },
    img: ({ src, alt, title }) =>
      typeof src === 'string' && sameOrigin(src) ? (
        <img src={src} alt={alt ?? ''} title={title} style={{ maxWidth: '100%' }} />
      ) : (
        <Typography.Text type="secondary">{imageFrom(alt ?? '')}</Typography.Text>
      ),
  };
}

/**
 * A help page's Markdown, rendered safely: raw HTML is left out (`skipHtml`), what the Markdown
 * makes is sanitized, and links and images go through `components`. GitHub's extensions (tables,
 * strikethrough, task lists) are on: the built-in pages use tables. The viewer and the editor's
 * preview both use it.
 */
export function HelpMarkdown({ body, preview = false }: { body: string; preview?: boolean }) {
  const { t } = useI18n();
  // The same components from one render to the next: new ones would mount the links again.
  const elements = useMemo(() => components(preview, (alt) => t('help.imageNotShown', { alt })), [preview, t]);
  return (
    <Typography className="help-markdown" data-testid={preview ? 'help-preview' : 'help-body'}>
      <Markdown skipHtml remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} components={elements}>
        {body}
      </Markdown>
    </Typography>
  );
}
