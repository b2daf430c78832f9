package dev.orgexport.platform.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.schema.region.RegionCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegionDirectoryTest {

    private final RegionDirectory real = RegionDirectory.of(RegionSettings.defaults());

    @Test
    void a_region_is_found_by_id_short_name_or_domain_and_uses_the_real_hosts() {
        for (String reference : new String[] {"us-west-2", "usw2", "usw2.pure.cloud", "login.usw2.pure.cloud"}) {
            RegionEndpoints endpoints = real.endpoints(reference);
            assertThat(endpoints.regionId()).isEqualTo("us-west-2");
            assertThat(endpoints.tokenUri()).hasToString("https://login.usw2.pure.cloud/oauth/token");
            assertThat(endpoints.apiUri("/api/v2/tokens/me")).hasToString("https://api.usw2.pure.cloud/api/v2/tokens/me");
        }
        assertThat(real.endpoints("useast1").loginHost()).isEqualTo("login.mypurecloud.com");
    }

    @Test
    void every_built_in_region_has_endpoints_and_the_list_comes_from_the_schema_catalog() {
        assertThat(real.all()).hasSize(RegionCatalog.builtIn().all().size()).hasSizeGreaterThanOrEqualTo(18);
        assertThat(real.all()).extracting(RegionEndpoints::regionId).contains("eusc-de-east-1", "ap-northeast-3");
    }

    @Test
    void an_unknown_region_is_an_error_listing_the_valid_ones() {
        assertThatThrownBy(() -> real.endpoints("mars-north-1"))
                .isInstanceOf(RegionCatalog.UnknownRegionException.class)
                .hasMessageContaining("mars-north-1").hasMessageContaining("us-west-2").hasMessageContaining("eu-central-2");
    }

    @Test
    void an_override_with_a_path_serves_login_and_api_under_one_base_url() {
        RegionDirectory directory = RegionDirectory.of(RegionSettings.defaults()
                .withBaseUrls("usw2", BaseUrls.both("http://127.0.0.1:4321/us-west-2/")));

        RegionEndpoints endpoints = directory.endpoints("us-west-2");

        assertThat(endpoints.tokenUri()).hasToString("http://127.0.0.1:4321/us-west-2/oauth/token");
        assertThat(endpoints.apiUri("/api/v2/organizations/me"))
                .hasToString("http://127.0.0.1:4321/us-west-2/api/v2/organizations/me");
        assertThat(endpoints.loginHost()).isEqualTo("127.0.0.1:4321/us-west-2");
        assertThat(directory.endpoints("eu-west-1").loginHost()).isEqualTo("login.mypurecloud.ie");
    }

    @Test
    void a_region_added_by_configuration_gets_the_real_host_pattern() {
        RegionDirectory directory = RegionDirectory.of(new RegionSettings(Map.of("xx-new-1", "xxn1.pure.cloud"), Map.of()));

        assertThat(directory.endpoints("xxn1").tokenUri()).hasToString("https://login.xxn1.pure.cloud/oauth/token");
    }

    @Test
    void an_override_for_an_unknown_region_is_refused_at_start() {
        assertThatThrownBy(() -> RegionDirectory.of(RegionSettings.defaults()
                .withBaseUrls("nowhere-1", BaseUrls.both("http://127.0.0.1:1/x"))))
                .isInstanceOf(RegionCatalog.UnknownRegionException.class).hasMessageContaining("nowhere-1");
    }

    @Test
    void a_base_url_with_a_query_or_credentials_or_another_scheme_is_refused() {
        assertThatThrownBy(() -> BaseUrls.both("http://127.0.0.1:1/x?debug=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> BaseUrls.both("http://user:pw@127.0.0.1:1/x")).hasMessageContaining("user info");
        assertThatThrownBy(() -> BaseUrls.both("ftp://127.0.0.1/x")).hasMessageContaining("http or https");
    }
}
