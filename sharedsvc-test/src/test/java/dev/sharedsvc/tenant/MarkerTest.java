package dev.sharedsvc.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class MarkerTest {

    @Test
    void aMarkerReadsBackAsWrittenWhateverTheLockDatabaseIsCalled() {
        Marker marker = Marker.template(Marker.Kind.TEMPLATE_BUILDING, "ab12", 0xfedc_ba98, "my db+\"x\"");

        assertThat(Marker.parse(marker.toString())).contains(marker);
        assertThat(marker.toString()).startsWith("sharedsvc template building key=ab12 run=fedcba98 lock=my+db%2B%22x%22 ");
        assertThat(Marker.parse(marker.as(Marker.Kind.TEMPLATE_READY).toString()).orElseThrow().kind())
                .isEqualTo(Marker.Kind.TEMPLATE_READY);
    }

    @Test
    void commentsThatAreNotMarkersAreNotReadAsMarkers() {
        assertThat(Marker.parse(null)).isEmpty();
        assertThat(Marker.parse("made by hand")).isEmpty();
        assertThat(Marker.parse("sharedsvc tenant run=zz lock=postgres created=" + Instant.EPOCH)).isEmpty();
        assertThat(Marker.parse("sharedsvc tenant run=00000001 created=" + Instant.EPOCH)).isEmpty();
        assertThat(Marker.parse("sharedsvc tenant run=00000001 lock=postgres created=" + Instant.EPOCH)).isPresent();
    }
}
