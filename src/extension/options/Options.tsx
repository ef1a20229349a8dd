// The options page: thresholds with a live preview, auto-badge sites, what files declare, encoders, head packs, the person's
// reference set, cache.
import { useEffect } from 'preact/hooks';
import { CacheSection } from './CacheSection';
import { EncodersSection } from './EncodersSection';
import { HeadsSection } from './HeadsSection';
import { ProvenanceSection } from './ProvenanceSection';
import { ReferencesSection } from './ReferencesSection';
import { SitesSection } from './SitesSection';
import { StorageBanner } from './StorageBanner';
import { ThresholdsSection } from './ThresholdsSection';
import { useOptionsData } from './use-options-data';

export function Options() {
  const { data, problem, reload } = useOptionsData();
  const drawn = data !== undefined;
  // A link to one section (the welcome page's next step: #references) lands there once the sections are
  // drawn; the browser's own jump happens before they exist.
  useEffect(() => {
    if (drawn && location.hash.length > 1) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [drawn]);
  return (
    <main class="options">
      <h1>OriginLens options</h1>
      {problem !== undefined && <div class="banner problem">{problem}</div>}
      <StorageBanner />
      {data?.models.testBuild === true && (
        <div class="banner test" data-testid="test-build">
          Test build: the test encoder and test heads have random weights. Their verdicts show that the extension works and say nothing
          about real images.
        </div>
      )}
      {data?.models.missing !== undefined && (
        <div class="banner missing" data-testid="no-model">
          <strong>No model installed.</strong> {data.models.missing} <a href="welcome.html">Open the welcome page</a>, or install an encoder below
          (or import its file), then a head pack made for it.
        </div>
      )}
      {data && (
        <>
          <ThresholdsSection settings={data.settings} onSaved={reload} />
          <SitesSection settings={data.settings} onSaved={reload} />
          <ProvenanceSection settings={data.settings} onSaved={reload} />
          <EncodersSection models={data.models} onChanged={reload} />
          <HeadsSection models={data.models} settings={data.settings} onChanged={reload} />
          <ReferencesSection onChanged={reload} />
          <CacheSection />
        </>
      )}
    </main>
  );
}
