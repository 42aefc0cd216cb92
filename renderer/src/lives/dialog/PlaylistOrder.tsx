import { ArrowDown, ArrowUp, GripVertical } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button';
import { fileLabel, moveTo, playlistPaths } from './playlist-order';

/**
 * The playlist's files in play order: drag a row to move it, or use its move up/down buttons
 * (the keyboard's way, and a screen reader's). Edits go back into the paths text.
 */
export function PlaylistOrder({ paths, onChange }: { paths: string; onChange: (paths: string) => void }) {
  const { t } = useTranslation();
  const files = playlistPaths(paths);
  const [dragged, setDragged] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  if (files.length < 2) return null;
  const move = (from: number, to: number): void => onChange(moveTo(files, from, to).join('\n'));
  return (
    <ol
      className="divide-y divide-border rounded-md border border-border text-sm"
      aria-label={t('dialog.source.order')}
      data-testid="playlist-order"
    >
      {files.map((file, i) => (
        <li
          key={`${i}:${file}`}
          draggable
          onDragStart={(e) => {
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', String(i));
            setDragged(i);
          }}
          onDragOver={(e) => {
            if (dragged === null) return;
            e.preventDefault();
            setOver(i);
          }}
          onDragLeave={() => setOver((o) => (o === i ? null : o))}
          onDrop={(e) => {
            e.preventDefault();
            if (dragged !== null && dragged !== i) move(dragged, i);
            setDragged(null);
            setOver(null);
          }}
          onDragEnd={() => {
            setDragged(null);
            setOver(null);
          }}
          className={`flex items-center gap-2 px-2 py-1 ${over === i && dragged !== i ? 'bg-muted' : ''} ${dragged === i ? 'opacity-50' : ''}`}
          data-testid="playlist-row"
        >
          <GripVertical className="size-4 shrink-0 cursor-grab text-muted-foreground" aria-hidden />
          <span className="w-6 shrink-0 text-right tabular-nums text-muted-foreground">{i + 1}</span>
          <span className="min-w-0 flex-1 truncate" title={file}>
            {fileLabel(file)}
          </span>
          <Button
            size="icon"
            variant="ghost"
            className="size-7"
            aria-label={t('dialog.source.moveUp', { name: fileLabel(file) })}
            disabled={i === 0}
            onClick={() => move(i, i - 1)}
            data-testid="playlist-up"
          >
            <ArrowUp aria-hidden />
          </Button>
          <Button
            size="icon"
            variant="ghost"
            className="size-7"
            aria-label={t('dialog.source.moveDown', { name: fileLabel(file) })}
            disabled={i === files.length - 1}
            onClick={() => move(i, i + 1)}
            data-testid="playlist-down"
          >
            <ArrowDown aria-hidden />
          </Button>
        </li>
      ))}
    </ol>
  );
}
